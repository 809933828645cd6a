//! What a cell means: numbers as Excel leaves them (stored as text,
//! full-width, △ for minus, 1.2E+5, percentages), fiscal years in any
//! form, and the values Excel mangles (a `1-2` turned into a date) refused
//! by name.
