"""Private Vietnamese text helpers shared by every stage (one home for each small job)."""
