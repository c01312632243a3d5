"""Din konto: the signed-in user changes their own password."""

from ui.auth import change_password_form, start_task_page

engine, account = start_task_page("pages/konto.py", "Din konto", "viewer")
change_password_form(account, required=account.must_change_password)
