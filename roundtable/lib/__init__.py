"""Pure helpers with no models: environment parsing, money, dates."""
