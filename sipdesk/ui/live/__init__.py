"""The participants' screen: a read-only view of the plan for everyone in the room."""
