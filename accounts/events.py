"""Events other apps react to, sent explicitly by the services that cause them.

Apps above accounts cannot be called from here (dependencies point down), so a change that has
consequences in a higher app announces itself. The receiver calls one service of its own app;
the logic stays in services, never in the receiver.
"""

from django.dispatch import Signal

# A definitive transfer (mutasi) from `on`: sent with employee_ids (list[int]) and on (date),
# inside the transaction that records it.
employees_transferred = Signal()
