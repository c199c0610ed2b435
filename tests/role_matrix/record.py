"""Record a server's answers to the role × route matrix (matrix.py) as a table:

    python tests/role_matrix/record.py http://127.0.0.1:5000 > tests/role_matrix/zou_1.0.97.tsv

Builds its own production through the HTTP API (unique names), asks every route as every role,
writes `route <TAB> method <TAB> path <TAB> role <TAB> status` rows, then deactivates the persons
it made."""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: api.py

from role_matrix import matrix  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="the server's API root, e.g. http://127.0.0.1:5000")
    parser.add_argument("--email", default="admin@example.com")
    parser.add_argument("--password", default="mysecretpassword")
    options = parser.parse_args()
    fixture, apis = matrix.build(options.base_url.rstrip("/"), options.email, options.password)
    try:
        answers = matrix.run(fixture, apis)
    finally:
        matrix.deactivate(fixture, apis)
    print(matrix.HEADER)
    for key, method, path, _ in matrix.ROUTES:
        for role in matrix.ROLES:
            print(f"{key}\t{method}\t{path}\t{role}\t{answers[key, role]}")


if __name__ == "__main__":
    main()
