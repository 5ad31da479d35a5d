"""Login accounts: the user, one-time activation and reset credentials, the account overview."""
