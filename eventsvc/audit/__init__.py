"""The audit trail: who changed which session, speaker or release, when, and how."""
