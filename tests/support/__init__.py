"""What the tests share besides fixtures (those are in tests/conftest.py): the project, builds and copies of it
(`project`), the browser's recorder (`browser`), page helpers, data fixtures, export readers and the hostile-text
payloads. Tests import from here, never from conftest."""
