"""The web side of mrss: ``mrss ack-server`` (answering pages from a phone). Like screens/, it
only presents; every act is a workflow function."""
