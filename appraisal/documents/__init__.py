"""Printed documents (PDF): the SKP, the evaluation and its documents, a predicate decision."""
