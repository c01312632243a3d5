"""The committed Streamlit configuration keeps its secure settings."""

import subprocess
import tomllib

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
