"""The TPP scheme of a cycle: its versions, the basis table, the post classes."""
