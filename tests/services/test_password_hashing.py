"""Password hashes: the Argon2 parameters in use, and hashes made with earlier ones."""

from argon2 import PasswordHasher

from annotator.services import accounts

PASSWORD = "a long enough password"


def test_login_rehashes_a_hash_made_with_the_former_parameters(app, monkeypatch):
    user = accounts.create_user("former@example.org", "Former", None)
    user.password_hash = PasswordHasher().hash(PASSWORD)  # the library default: 64 MiB
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(**accounts.ARGON2_PARAMETERS))
    assert accounts.authenticate(user.email, PASSWORD) is user
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert accounts.authenticate(user.email, PASSWORD) is user
