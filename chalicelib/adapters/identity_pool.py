"""Staff identities in Salur's Amazon Cognito user pool (``infra/template.json: UserPool``).

Salur never sees or stores a password: Cognito holds them, signs people in (USER_PASSWORD_AUTH through the
desk's app client), runs the TOTP second factor and issues the tokens ``adapters.token_verifier`` checks.
Cognito's refusals become ``SignInRefused`` (→ 401) or ``Invalid`` (a password the pool's policy rejects).
"""
from __future__ import annotations

from botocore.exceptions import ClientError, ParamValidationError

from chalicelib import config
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.dynamo import error_code
from chalicelib.domain.refusals import Conflict, Invalid, Unauthenticated


class SignInRefused(Unauthenticated):
    def __init__(self, reason: str = "") -> None:
        super().__init__("sign_in_failed")
        self.reason = reason


_REFUSED = {"NotAuthorizedException", "UserNotFoundException", "CodeMismatchException", "ExpiredCodeException",
            "UserNotConfirmedException", "PasswordResetRequiredException", "ResourceNotFoundException",
            "EnableSoftwareTokenMFAException"}


_RETRYABLE = {"TooManyRequestsException", "ThrottlingException", "InternalErrorException", "ServiceUnavailable"}


def _call(fn, *, signing_in: bool = False, **kwargs) -> dict:
    """Call Cognito; while signing in, whatever it refuses (a stale session, a malformed answer) is a failed
    sign-in (401), never a 500 — except throttling and Cognito's own outages, which stay errors.  A value
    outside Cognito's own limits (botocore refuses a session shorter than 20 characters before sending) is
    the caller's: a failed sign-in while signing in, otherwise invalid input."""
    try:
        return fn(**kwargs)
    except ParamValidationError as exc:
        if signing_in:
            raise SignInRefused("param_validation") from exc
        raise Invalid() from exc
    except ClientError as exc:
        code = error_code(exc)
        if code in _REFUSED or (signing_in and code not in _RETRYABLE):
            raise SignInRefused(code) from exc
        if code == "UsernameExistsException":
            raise Conflict("account_exists", fields={"email": "account_exists"}) from exc
        if code in ("InvalidPasswordException", "InvalidParameterException"):
            raise Invalid("weak_password", fields={"password": "weak_password"}) from exc
        raise


def idp():
    return client("cognito-idp")


class IdentityPool:
    def __init__(self, pool_id: str | None = None, client_id: str | None = None) -> None:
        self.pool_id = pool_id or config.cognito_user_pool_id()
        self.client_id = client_id or config.cognito_client_id()

    def create_user(self, email: str, display_name: str, password: str | None = None) -> str:
        """The new person's ``sub``.  Without ``password`` Cognito mails a temporary one (first sign-in asks for
        a new one); with it (demo accounts, tests) the password is set as permanent and nothing is mailed."""
        kwargs = {"UserPoolId": self.pool_id, "Username": email, "DesiredDeliveryMediums": ["EMAIL"],
                  "UserAttributes": [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"},
                                     {"Name": "name", "Value": display_name}]}
        if password:
            kwargs["MessageAction"] = "SUPPRESS"
        user = _call(idp().admin_create_user, **kwargs)["User"]
        if password:
            _call(idp().admin_set_user_password, UserPoolId=self.pool_id, Username=email, Password=password,
                  Permanent=True)
        return next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub")

    def disable(self, email: str) -> None:
        """No new sign-in, and every refresh token revoked (desk calls also check the account's status)."""
        _call(idp().admin_disable_user, UserPoolId=self.pool_id, Username=email)
        _call(idp().admin_user_global_sign_out, UserPoolId=self.pool_id, Username=email)

    def enable(self, email: str) -> None:
        _call(idp().admin_enable_user, UserPoolId=self.pool_id, Username=email)

    def sign_in(self, email: str, password: str) -> dict:
        """Cognito's answer: ``AuthenticationResult`` (tokens) or ``ChallengeName`` + ``Session``."""
        return _call(idp().initiate_auth, signing_in=True, ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                     AuthParameters={"USERNAME": email, "PASSWORD": password})

    def answer(self, challenge: str, session: str, responses: dict) -> dict:
        return _call(idp().respond_to_auth_challenge, signing_in=True, ClientId=self.client_id, ChallengeName=challenge,
                     Session=session, ChallengeResponses=responses)

    def totp_secret(self, access_token: str) -> str:
        return _call(idp().associate_software_token, signing_in=True, AccessToken=access_token)["SecretCode"]

    def confirm_totp(self, access_token: str, email: str, code: str) -> None:
        """Verify the first code of a new authenticator and make TOTP this person's required second factor."""
        res = _call(idp().verify_software_token, signing_in=True, AccessToken=access_token, UserCode=code,
                    FriendlyDeviceName="salur-desk")
        if res.get("Status") != "SUCCESS":
            raise SignInRefused("totp")
        _call(idp().admin_set_user_mfa_preference, UserPoolId=self.pool_id, Username=email,
              SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
