"""Media's pure rules: values in, values out (no database, broker or nameko)."""
