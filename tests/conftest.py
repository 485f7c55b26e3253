pytest_plugins = ["tests.fixtures_stack"]
pytest_plugins += ["tests.fixtures_mail_db"]
