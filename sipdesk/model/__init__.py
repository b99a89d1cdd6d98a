"""The SIP domain: pure Python, no Qt. Entities, the plan file, the encrypted store."""
