"""Ops CLI for agency API keys (the plaintext is printed once, on issue/rotate).

    python -m scripts.keys issue --agency pemkot-51.71 --role officer [--label "SIMPEL Denpasar"]
    python -m scripts.keys list --agency pemkot-51.71
    python -m scripts.keys rotate <key_id>
    python -m scripts.keys revoke <key_id>

Uses the same environment as the app (AGENCIES_TABLE, AWS_ENDPOINT_URL for `make run`'s moto); without
AGENCIES_TABLE the table is taken from the CloudFormation stack ``$SALUR_STACK`` (default salur-local).
Exit codes: 0 ok, 1 unknown key, 2 bad agency/role.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from chalicelib.domain.vocabulary import STAFF_ROLES  # noqa: E402 - after the path


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m scripts.keys", description="Salur agency API keys")
    sub = p.add_subparsers(dest="cmd", required=True)
    issue = sub.add_parser("issue", help="issue a key for an agency and role")
    issue.add_argument("--agency", required=True)
    issue.add_argument("--role", required=True, choices=list(STAFF_ROLES))
    issue.add_argument("--label")
    ls = sub.add_parser("list", help="list an agency's keys (prefix only)")
    ls.add_argument("--agency", required=True)
    for name in ("rotate", "revoke"):
        sub.add_parser(name, help=f"{name} a key").add_argument("key_id")
    return p


def _table_from_stack() -> None:
    from chalicelib.adapters.aws_clients import client

    try:
        stack = client("cloudformation").describe_stacks(StackName=os.environ.get("SALUR_STACK", "salur-local"))
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Stacks"][0].get("Outputs", [])}
        os.environ["AGENCIES_TABLE"] = outputs["AgenciesTableName"]
    except Exception:  # noqa: BLE001 - fall back to the default table name
        pass


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("AWS_DEFAULT_REGION", "ap-southeast-3")
    from chalicelib.adapters.api_key_repository import KeyNotFound, KeyRepository, RoleNotAllowed

    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.directory import get_directory
    from scripts.local_state import NOT_RUNNING, local_aws_answers

    args = _parser().parse_args(argv)
    if getattr(args, "agency", None) and get_directory().agency(args.agency) is None:
        print(f"unknown agency: {args.agency} (ids as in /v1/agencies, e.g. pemkot-51.71, pemprov-51, kemenpanrb)",
              file=sys.stderr)
        return 2
    if os.environ.get("AWS_ENDPOINT_URL") and not local_aws_answers():
        print(NOT_RUNNING, file=sys.stderr)
        return 3
    try:
        return _run(args, KeyRepository, KeyNotFound, RoleNotAllowed)
    except (BotoCoreError, ClientError) as exc:
        print(f"AWS cannot be reached ({type(exc).__name__}). {NOT_RUNNING}", file=sys.stderr)
        return 3


def _run(args, KeyRepository, KeyNotFound, RoleNotAllowed) -> int:  # noqa: N803 - classes passed in
    if not os.environ.get("AGENCIES_TABLE"):
        _table_from_stack()
    repo = KeyRepository()
    try:
        if args.cmd == "issue":
            record, plaintext = repo.issue(args.agency, args.role, args.label)
            print(f"key_id={record['key_id']} agency={record['agency_id']} role={record['role']} scope={record['scope']}")
            print(f"API key (shown once): {plaintext}")
        elif args.cmd == "list":
            for k in repo.list(args.agency):
                print(f"{k['key_id']}  {k['role']:<11} {k['status']:<8} {k['prefix']}…  {k.get('label') or ''}"
                      f"  created {k['created_at']}")
        elif args.cmd == "rotate":
            record, plaintext = repo.rotate(args.key_id)
            print(f"key_id={record['key_id']} replaces {args.key_id} (revoked now)")
            print(f"API key (shown once): {plaintext}")
        else:
            record = repo.revoke(args.key_id)
            print(f"revoked {record['key_id']} ({record['agency_id']} {record['role']})")
    except KeyNotFound:
        print(f"unknown or already revoked key: {getattr(args, 'key_id', '')}", file=sys.stderr)
        return 1
    except RoleNotAllowed:
        print(f"role {args.role} cannot be given to {args.agency}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
