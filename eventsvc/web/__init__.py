"""The web layer: one blueprint per audience, thin views over the domain."""
