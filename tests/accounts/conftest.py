PASSWORD = "motdepasse-solide-42"  # tests/users/factories.py
