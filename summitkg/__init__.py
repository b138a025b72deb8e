"""summitkg: knowledge graphs of summit actors and agreements from news articles."""

__version__ = "0.1.0"
