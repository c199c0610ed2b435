"""Auth's commands: logging in and out, passwords and their resets, second factors."""
