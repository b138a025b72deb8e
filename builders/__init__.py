"""The extractor: article text in, facts out, by general rules for Polish and English."""
