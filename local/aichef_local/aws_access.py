"""This machine's AWS credentials and Region, resolved by botocore's standard chain (environment, profiles, SSO),
for the commands that talk to real AWS (`run --engine bedrock`, `prices load`, `record`): what is missing is named
before any call is made, so it is a usage error rather than a botocore traceback."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError
from botocore.session import get_session

REGION_HINT = "set AWS_REGION (e.g. us-east-1)"


class MissingAwsAccess(Exception):
    """No usable credentials or Region: the message names what to set."""


@dataclass(frozen=True)
class AwsAccess:
    session: Any
    """The botocore session the credentials came from (clients made from it refresh them)."""
    access_key: str
    secret_key: str
    token: str
    region: str


def aws_access(purpose: str, region: str | None = None, region_hint: str = REGION_HINT) -> AwsAccess:
    """Credentials and Region for `purpose` (how messages name the command); `region` wins, then AWS_REGION (as the
    AWS CLI v2 reads it), then the profile's. Raises `MissingAwsAccess` naming what is missing."""
    try:
        session = get_session()
        credentials = session.get_credentials()
        if credentials is None:
            raise MissingAwsAccess(
                f"{purpose} needs AWS credentials (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID)"
            )
        chosen = region or os.environ.get("AWS_REGION") or session.get_config_variable("region")
        if not chosen:
            raise MissingAwsAccess(f"{purpose} needs a Region: {region_hint}")
        frozen = credentials.get_frozen_credentials()  # an expired SSO session or a failing credential_process
    except BotoCoreError as error:  # ProfileNotFound, an SSO token to refresh, a broken config file
        raise MissingAwsAccess(f"{purpose}: {error}") from None
    if not frozen.access_key or not frozen.secret_key:
        raise MissingAwsAccess(f"{purpose}: the resolved AWS credentials have no access key or secret key")
    return AwsAccess(session, frozen.access_key, frozen.secret_key, frozen.token or "", str(chosen))
