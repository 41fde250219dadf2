"""The reviewer's job: reading reports in scope, approving or returning them, their history."""
