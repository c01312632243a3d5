"""Who may do what: accounts and roles (``users``), how passwords are hashed (``passwords``), sign-in with
lock-out (``sign_in``) and the audit log of who did what (``audit_log``)."""
