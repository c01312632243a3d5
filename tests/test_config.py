"""The committed Streamlit configuration keeps its secure settings."""

import subprocess
import tomllib

from data_access.accounts.identity import rules_from_settings
from data_access.jobindsats import settings_from
from data_access.notice import smtp_from_settings
from tests.conftest import PROJECT_ROOT


def test_streamlit_config_is_secure():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert 0 < config["server"]["maxUploadSize"] <= 50
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


def test_secrets_are_ignored_by_git():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=PROJECT_ROOT, check=False,
    )
    assert ignored.returncode == 0


def test_no_html_is_ever_rendered_unescaped():
    sources = [path for folder in ("pages", "ui", "presentation", "report", "data_access", "metrics") for path in
               (PROJECT_ROOT / folder).rglob("*.py")] + [PROJECT_ROOT / "app.py"]
    assert not [path for path in sources if "unsafe_allow_html" in path.read_text(encoding="utf-8")]


def test_the_identity_provider_example_is_only_an_example():
    example = (PROJECT_ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8")
    config = tomllib.loads(example)
    assert set(config["auth"]) == {"redirect_uri", "cookie_secret", "client_id", "client_secret",
                                   "server_metadata_url"}
    assert config["auth"]["client_id"] == "00000000-0000-0000-0000-000000000000"
    # The [identity] example is one the app understands: the object id, three roles from groups.
    rules = rules_from_settings(config["identity"])
    assert rules.match_on == "oid" and rules.create_accounts and all(rules.role_groups.values())
    assert settings_from(config["jobindsats"]).base_url == "https://api.jobindsats.dk/v2"
    smtp = smtp_from_settings(config["smtp"])
    assert smtp.starttls and not smtp.attach_report and smtp.app_url.startswith("https://")


def test_what_the_app_can_say_in_danish_it_says_in_danish(capsys):
    """No English menu or chart toolbar; the command line's help and errors in Danish; a quarter as K in a file
    name. What Streamlit does not let an app translate is listed in the README."""
    import pytest

    from cli.__main__ import main
    from presentation.charts import chart
    from report.content import Report

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "minimal"
    assert {"toImage", "zoom2d", "pan2d"} <= set(chart([], "Titel").layout.modebar.remove)
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    assert help_text.startswith("brug: ") and "tilvalg:" in help_text and "vis denne hjælp" in help_text
    assert "usage" not in help_text and "options" not in help_text
    with pytest.raises(SystemExit):
        main(["import"])
    assert "fejl:" in capsys.readouterr().err
    report = Report("Styregruppemøde 2026 K3", "2026Q3", "", None, True, [])
    assert report.file_stem == "styregruppemoede-2026-K3-ekstern"
    readme = " ".join((PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "Show/hide columns" in readme and "No results" in readme
