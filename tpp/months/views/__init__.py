"""The TPP pages: the admins' (admin.py) and each employee's own (employee.py)."""
