"""newasia: data, measures and claim checks for two documents on Russia, Vietnam and Southeast Asia."""

__version__ = "0.1.0"
