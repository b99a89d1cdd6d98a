"""Documents made from a plan (PDF, the person's own copy, invitation, calendar). No Qt here."""
