"""Pages of login accounts: public (activate, reset), one employee's account, the overview."""
