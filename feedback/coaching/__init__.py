"""Dialog kinerja and coaching: sessions, agreements, follow-ups, the employee's rating."""
