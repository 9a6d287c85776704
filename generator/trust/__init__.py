"""Evidence a draw's fairness can rest on without trusting the operator."""
