"""The three AWS example scenarios (assume a role that requires MFA, an MFA session token, a
federated console sign-in URL), written with boto3 the way upstream writes them, run against
the sandbox named by AWS_ENDPOINT_URL and the admin credentials in the environment. TOTP codes
are computed here (RFC 6238 with hmac); between two uses of a device the sandbox clock is moved
on with its own signed AdvanceClock action. Prints one JSON object of outcomes on stdout."""
import base64, hashlib, hmac, json, os, struct, sys, time, urllib.parse, urllib.request

import boto3
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["AWS_ENDPOINT_URL"]
REGION = "us-east-1"
offset = 0  # seconds the sandbox clock runs ahead of ours
out = {}


def client(service, creds=None):
    kwargs = dict(region_name=REGION, endpoint_url=ENDPOINT)
    if creds:
        kwargs.update(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds.get("SessionToken"))
    if service == "s3":
        kwargs["config"] = Config(s3={"addressing_style": "path"})
    return boto3.client(service, **kwargs)


def totp(seed, at):
    key = base64.b32decode(seed)
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    o = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def advance(seconds):
    global offset
    creds = botocore.session.get_session().get_credentials()
    req = AWSRequest(method="POST", url=ENDPOINT + "/", data=f"Action=AdvanceClock&Version=2026-11-01&Seconds={seconds}",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    SigV4Auth(creds, "sandbox", REGION).add_auth(req)
    urllib.request.urlopen(urllib.request.Request(req.url, data=req.body if isinstance(req.body, bytes) else req.body.encode(), headers=dict(req.headers), method="POST")).read()
    offset += seconds


def code_now(seed, step=0):
    return totp(seed, time.time() + offset + step * 30)


def error_code(fn):
    try:
        fn()
        return "OK"
    except ClientError as e:
        return e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]


iam, sts_admin = client("iam"), client("sts")
me = sts_admin.get_caller_identity()["Arn"]
suffix = str(time.time_ns())

# --- Scenario A: assume a role that requires MFA -------------------------------------------
user = iam.create_user(UserName=f"demo-user-{suffix}")["User"]
mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"demo-mfa-{suffix}")["VirtualMFADevice"]
seed = mfa["Base32StringSeed"].decode()
out["qr_is_png"] = mfa["QRCodePNG"][:8] == b"\x89PNG\r\n\x1a\n"
out["enable_bad_codes"] = error_code(lambda: iam.enable_mfa_device(UserName=user["UserName"], SerialNumber=mfa["SerialNumber"], AuthenticationCode1="000000", AuthenticationCode2="000001"))
iam.enable_mfa_device(UserName=user["UserName"], SerialNumber=mfa["SerialNumber"], AuthenticationCode1=code_now(seed), AuthenticationCode2=code_now(seed, 1))
key = iam.create_access_key(UserName=user["UserName"])["AccessKey"]
role = iam.create_role(RoleName=f"demo-role-{suffix}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": True}}}]}))["Role"]
out["trust_policy_is_dict"] = isinstance(role["AssumeRolePolicyDocument"], dict)
policy = iam.create_policy(PolicyName=f"demo-policy-{suffix}", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::*"}]}))["Policy"]
iam.attach_role_policy(RoleName=role["RoleName"], PolicyArn=policy["Arn"])
iam.put_user_policy(UserName=user["UserName"], PolicyName=f"demo-user-policy-{suffix}", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role["Arn"]}]}))
user_key = {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}
sts_user = client("sts", user_key)
out["a_without_mfa"] = error_code(lambda: sts_user.assume_role(RoleArn=role["Arn"], RoleSessionName="demo-sts-session"))
advance(60)
out["a_wrong_code"] = error_code(lambda: sts_user.assume_role(RoleArn=role["Arn"], RoleSessionName="demo-sts-session", SerialNumber=mfa["SerialNumber"], TokenCode="123456" if code_now(seed) != "123456" else "654321"))
good = code_now(seed)
assumed = sts_user.assume_role(RoleArn=role["Arn"], RoleSessionName="demo-sts-session", SerialNumber=mfa["SerialNumber"], TokenCode=good)
out["a_assumed_arn"] = assumed["AssumedRoleUser"]["Arn"]
out["a_reused_code"] = error_code(lambda: sts_user.assume_role(RoleArn=role["Arn"], RoleSessionName="again", SerialNumber=mfa["SerialNumber"], TokenCode=good))
out["a_buckets"] = [b["Name"] for b in client("s3", assumed["Credentials"]).list_buckets()["Buckets"]]

# --- Scenario B: session token that requires MFA (same user and device) ----------------------
iam.put_user_policy(UserName=user["UserName"], PolicyName=f"demo-list-with-mfa-{suffix}", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": True}}}]}))
out["b_user_key_lists"] = error_code(lambda: client("s3", user_key).list_buckets())
plain = sts_user.get_session_token()["Credentials"]
out["b_session_no_mfa_lists"] = error_code(lambda: client("s3", plain).list_buckets())
advance(60)
with_mfa = sts_user.get_session_token(SerialNumber=mfa["SerialNumber"], TokenCode=code_now(seed))["Credentials"]
out["b_session_mfa_buckets"] = [b["Name"] for b in client("s3", with_mfa).list_buckets()["Buckets"]]
out["b_session_from_session"] = error_code(lambda: client("sts", with_mfa).get_session_token())
out["b_iam_with_plain_session"] = error_code(lambda: client("iam", plain).list_users())

# --- Scenario C: federated console URL -------------------------------------------------------
fed_role = iam.create_role(RoleName=f"demo-fed-role-{suffix}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": me}, "Action": "sts:AssumeRole"}]}))["Role"]
iam.attach_role_policy(RoleName=fed_role["RoleName"], PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
creds = sts_admin.assume_role(RoleArn=fed_role["Arn"], RoleSessionName="AssumeRoleDemoSession")["Credentials"]
session = json.dumps({"sessionId": creds["AccessKeyId"], "sessionKey": creds["SecretAccessKey"], "sessionToken": creds["SessionToken"]})
query = urllib.parse.urlencode({"Action": "getSigninToken", "SessionDuration": "43200", "Session": session})
token = json.loads(urllib.request.urlopen(f"{ENDPOINT}/federation?{query}", timeout=10).read())["SigninToken"]
login = f"{ENDPOINT}/federation?" + urllib.parse.urlencode({"Action": "login", "Issuer": "https://example.org/", "Destination": "https://console.aws.amazon.com/", "SigninToken": token})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


try:
    urllib.request.build_opener(NoRedirect).open(login, timeout=10)
    out["c_login_status"] = 200
except urllib.error.HTTPError as e:
    out["c_login_status"] = e.code
    out["c_login_cookie"] = "sandbox-console=" in (e.headers.get("Set-Cookie") or "")

# --- Teardown, upstream's order --------------------------------------------------------------
iam.detach_role_policy(RoleName=fed_role["RoleName"], PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
iam.delete_role(RoleName=fed_role["RoleName"])
for attached in iam.list_attached_role_policies(RoleName=role["RoleName"])["AttachedPolicies"]:
    iam.detach_role_policy(RoleName=role["RoleName"], PolicyArn=attached["PolicyArn"])
    iam.delete_policy(PolicyArn=attached["PolicyArn"])
iam.delete_role(RoleName=role["RoleName"])
out["delete_user_with_keys"] = error_code(lambda: iam.delete_user(UserName=user["UserName"]))
for name in iam.list_user_policies(UserName=user["UserName"])["PolicyNames"]:
    iam.delete_user_policy(UserName=user["UserName"], PolicyName=name)
for k in iam.list_access_keys(UserName=user["UserName"])["AccessKeyMetadata"]:
    iam.delete_access_key(UserName=user["UserName"], AccessKeyId=k["AccessKeyId"])
for d in iam.list_mfa_devices(UserName=user["UserName"])["MFADevices"]:
    iam.deactivate_mfa_device(UserName=user["UserName"], SerialNumber=d["SerialNumber"])
    iam.delete_virtual_mfa_device(SerialNumber=d["SerialNumber"])
iam.delete_user(UserName=user["UserName"])
out["users_left"] = [u["UserName"] for u in iam.list_users()["Users"] if suffix in u["UserName"]]
json.dump(out, sys.stdout)
