"""boto3 exchanges a web identity token and a SAML assertion for role credentials, with no AWS
credentials configured (botocore sends both operations unsigned, as AWS takes them), then calls
GetCallerIdentity with each session. Reads SANDBOX_URL, TOKEN, ASSERTION, ACCOUNT from the
environment; prints one JSON line."""
import json
import os

import boto3
from botocore import UNSIGNED
from botocore.config import Config

url, account = os.environ["SANDBOX_URL"], os.environ["ACCOUNT"]
# Credentials are never looked up for these two operations; UNSIGNED makes sure none is found.
sts = boto3.client("sts", endpoint_url=url, region_name="us-east-1", config=Config(signature_version=UNSIGNED))


def caller(creds):
    session = boto3.client(
        "sts", endpoint_url=url, region_name="us-east-1",
        aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"],
    )
    return session.get_caller_identity()["Arn"]


web = sts.assume_role_with_web_identity(
    RoleArn=f"arn:aws:iam::{account}:role/deploy", RoleSessionName="gha-run", WebIdentityToken=os.environ["TOKEN"],
)
saml = sts.assume_role_with_saml(
    RoleArn=f"arn:aws:iam::{account}:role/sso-admin",
    PrincipalArn=f"arn:aws:iam::{account}:saml-provider/corp-idp",
    SAMLAssertion=os.environ["ASSERTION"],
)
try:
    sts.assume_role_with_web_identity(RoleArn=f"arn:aws:iam::{account}:role/deploy", RoleSessionName="gha-run", WebIdentityToken="not-a-jwt")
    refused = None
except sts.exceptions.InvalidIdentityTokenException as error:
    refused = error.response["Error"]["Code"]
print(json.dumps({
    "web": {"arn": caller(web["Credentials"]), "subject": web["SubjectFromWebIdentityToken"], "provider": web["Provider"], "audience": web["Audience"]},
    "saml": {"arn": caller(saml["Credentials"]), "subject": saml["Subject"], "subjectType": saml["SubjectType"], "issuer": saml["Issuer"]},
    "refused": refused,
}))
