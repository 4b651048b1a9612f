"""The JSON API (issue 8): routing and schemas only; every read and write goes through the domain apps."""
