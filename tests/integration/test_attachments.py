"""Issue 16 #1: attachments on the private media bucket (moto).

* a presigned POST carries the type and size conditions; moto does not enforce a POST policy (shown below),
  so confirmation checks the stored object (HeadObject + the first bytes) and refuses what the policy would;
* an uploaded JPEG's EXIF (GPS included) is gone from the stored object; a PDF is only ever an attachment;
* nothing is viewable before the scan answers; an EICAR file is rejected and erased;
* a confidential case's files are never reachable without the access code or the handling agency's key,
  and no case's files are public until the agency publishes them;
* at most ``MAX_FILES`` per case; erasing on request removes the object.
"""
from __future__ import annotations

import io
import json

import boto3
import pytest
import requests
from agency_support import A, B, hdr, make_case
from PIL import Image

from chalicelib import config
from chalicelib.domain import media as rules

JSON = {"Content-Type": "application/json"}


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (8.0, 40.0, 13.2), 3: "E", 4: (115.0, 12.0, 45.6)})
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(out, format="PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def file_case(client, **extra) -> dict:
    body = {"title": "Jalan berlubang di Jalan Gatot Subroto", "location": {"region_code": "51.71"},
            "body": "Lubang besar di jalan raya Denpasar, berbahaya untuk pengendara motor.", **extra}
    res = client.http.post("/v1/complaints", headers=JSON, body=json.dumps(body))
    assert res.status_code == 201, res.body
    return res.json_body


def code_hdr(out) -> dict:
    return {**JSON, "X-Access-Code": out["access_code"]}


def start(client, out, content_type: str, size: int):
    return client.http.post(f"/v1/complaints/{out['tracking_id']}/media", headers=code_hdr(out),
                            body=json.dumps({"content_type": content_type, "size": size}))


def post_to_s3(upload: dict, data: bytes, content_type: str | None = None) -> int:
    fields = dict(upload["fields"])
    if content_type:
        fields["Content-Type"] = content_type
    return requests.post(upload["url"], data=fields, files={"file": ("f", data)}, timeout=10).status_code


def upload(client, out, data: bytes, content_type: str) -> dict:
    res = start(client, out, content_type, len(data))
    assert res.status_code == 201, res.body
    assert post_to_s3(res.json_body["upload"], data) in (200, 204)
    done = client.http.post(res.json_body["confirm"], headers=code_hdr(out))
    assert done.status_code == 200, done.body
    return done.json_body


def stored(tid: str, media_id: str) -> dict:
    return boto3.client("s3").get_object(Bucket=config.env("MEDIA_BUCKET"), Key=rules.stored_key(tid, media_id))


def test_the_bucket_is_private_encrypted_and_expires_unconfirmed_uploads(aws):
    s3, name = boto3.client("s3"), aws["MEDIA_BUCKET"]
    assert all(s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"].values())
    enc = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert enc["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    rules_ = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]}
    assert rules_["unconfirmed-uploads"]["Filter"]["Prefix"] == "uploads/"
    assert rules_["unconfirmed-uploads"]["Expiration"]["Days"] == 1


def test_moto_treats_every_request_as_insecure_so_the_tls_only_policy_is_cloud_only(aws):
    """The template denies non-TLS access (``aws:SecureTransport``); moto evaluates that key as false even
    for an https request, so the same policy would lock the local bucket: the bootstrap leaves it out."""
    from infra.bootstrap import load_template

    policy = load_template()["Resources"]["MediaBucketPolicy"]["Properties"]["PolicyDocument"]
    assert "aws:SecureTransport" in json.dumps(policy)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="salur-tls-probe", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"})
    s3.put_bucket_policy(Bucket="salur-tls-probe", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::salur-tls-probe/*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
    assert s3.meta.endpoint_url.startswith("https://")
    with pytest.raises(Exception, match="Forbidden"):
        s3.put_object(Bucket="salur-tls-probe", Key="x", Body=b"x")


def test_the_presigned_post_states_type_and_size(client):
    out = file_case(client)
    res = start(client, out, "image/jpeg", 5000)
    assert res.status_code == 201
    policy = json.loads(__import__("base64").b64decode(res.json_body["upload"]["fields"]["policy"]))
    assert {"Content-Type": "image/jpeg"} in policy["conditions"]
    assert ["content-length-range", rules.MIN_BYTES, 5000] in policy["conditions"]


@pytest.mark.parametrize("body", [{"content_type": "text/html", "size": 100},
                                  {"content_type": "image/jpeg", "size": rules.MAX_BYTES + 1},
                                  {"content_type": "image/svg+xml", "size": 100}])
def test_a_wrong_type_or_size_is_refused_before_any_upload(client, body):
    out = file_case(client)
    res = client.http.post(f"/v1/complaints/{out['tracking_id']}/media", headers=code_hdr(out), body=json.dumps(body))
    assert res.status_code == 422 and res.json_body["error"]["code"] == "validation_error"


def test_moto_accepts_a_post_that_breaks_the_policy_so_confirmation_refuses_it(client):
    """moto stores a POST whose Content-Type or size breaks the signed policy (real S3 answers 403): the
    smallest workaround is the server-side check at confirmation, which must refuse both."""
    out = file_case(client)
    wrong_type = start(client, out, "image/jpeg", 2000).json_body
    assert post_to_s3(wrong_type["upload"], b"<html><script>alert(1)</script></html>" * 10, "text/html") in (200, 204)
    too_big = start(client, out, "image/png", 100).json_body
    assert post_to_s3(too_big["upload"], png() + b"\0" * 500) in (200, 204)  # over the signed 100 bytes
    for slot in (wrong_type, too_big):
        done = client.http.post(slot["confirm"], headers=code_hdr(out)).json_body
        assert done["state"] == rules.REJECTED and done["url"] is None
        key = rules.upload_key(out["tracking_id"], slot["media_id"])
        with pytest.raises(Exception):
            boto3.client("s3").head_object(Bucket=config.env("MEDIA_BUCKET"), Key=key)


def test_a_file_whose_bytes_are_not_its_type_is_refused(client):
    out = file_case(client)
    assert upload(client, out, b"GIF89a" + b"\0" * 100, "image/jpeg")["state"] == rules.REJECTED
    assert upload(client, out, b"\xff\xd8\xff" + b"not really a jpeg" * 10, "image/jpeg")["state"] == rules.REJECTED


def test_an_uploaded_jpeg_loses_its_exif_and_gps(client):
    out = file_case(client)
    data = jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the original has a GPS block
    entry = upload(client, out, data, "image/jpeg")
    assert entry["state"] == rules.AVAILABLE
    obj = stored(out["tracking_id"], entry["id"])
    body = obj["Body"].read()
    img = Image.open(io.BytesIO(body))
    assert img.format == "JPEG" and img.size == (64, 48)
    assert not img.getexif() and not img.getexif().get_ifd(0x8825)
    assert b"Exif" not in body and b"PhoneMaker" not in body
    assert obj["ContentType"] == "image/jpeg" and obj["ContentDisposition"].startswith("inline")


def test_a_pdf_is_kept_as_is_and_only_ever_downloaded(client):
    out = file_case(client)
    entry = upload(client, out, PDF, "application/pdf")
    obj = stored(out["tracking_id"], entry["id"])
    assert obj["Body"].read() == PDF and obj["ContentDisposition"].startswith("attachment")
    link = client.http.get(entry["url"], headers=code_hdr(out))
    assert link.status_code == 302
    got = requests.get(link.headers["Location"], timeout=10)
    assert got.status_code == 200 and got.headers["Content-Disposition"].startswith("attachment")


def test_a_script_asks_for_the_link_as_json_instead_of_following_the_302(client):
    """The pages' fetch would follow a 302 and download the file before opening it: ``?link=true``."""
    out = file_case(client)
    entry = upload(client, out, PDF, "application/pdf")
    res = client.http.get(entry["url"] + "?link=true", headers=code_hdr(out))
    assert res.status_code == 200 and "Location" not in res.headers and res.headers["Cache-Control"] == "no-store"
    assert requests.get(res.json_body["url"], timeout=10).content == PDF
    assert client.http.get(entry["url"] + "?link=false", headers=code_hdr(out)).status_code == 302
    assert client.http.get(entry["url"] + "?link=true").status_code == 404  # still the reporter's own


def test_nothing_is_viewable_while_the_scan_is_pending_and_malware_is_rejected(client, monkeypatch):
    out = file_case(client)
    monkeypatch.setenv("MEDIA_SCAN", "external")
    entry = upload(client, out, png(), "image/png")
    assert entry["state"] == rules.PENDING_SCAN and entry["url"] is None
    path = f"/v1/complaints/{out['tracking_id']}/media/{entry['id']}"
    assert client.http.get(path, headers=code_hdr(out)).status_code == 404
    from chalicelib.services import attachments

    assert attachments.record_scan(out["tracking_id"], entry["id"], "clean")["state"] == rules.AVAILABLE
    assert client.http.get(path, headers=code_hdr(out)).status_code == 302
    monkeypatch.setenv("MEDIA_SCAN", "inline")
    bad = upload(client, out, PDF + b"\n" + attachments.EICAR, "application/pdf")
    assert bad["state"] == rules.REJECTED
    with pytest.raises(Exception):
        stored(out["tracking_id"], bad["id"])


def _opened(client, path, headers=None) -> bool:
    res = client.http.get(path, headers=headers or {})
    assert res.status_code in (302, 404), res.body
    return res.status_code == 302


def test_a_confidential_cases_media_needs_the_code_or_the_agency_key(client):
    case = make_case(confidential=True)
    tid = case["tracking_id"]
    from chalicelib.services import attachments

    entry = attachments.ingest(case, png(), "image/png", "email")
    assert entry["state"] == rules.AVAILABLE
    path = f"/v1/complaints/{tid}/media/{entry['media_id']}"
    agency_path = f"/v1/agency/complaints/{tid}/media/{entry['media_id']}"
    assert not _opened(client, path)
    assert not _opened(client, path, {"X-Access-Code": "WRONG-CODE-0000"})
    assert not _opened(client, agency_path, hdr(B, "officer"))  # another agency
    assert _opened(client, agency_path, hdr(A, "officer"))
    # the agency cannot publish it, so the public never sees it
    res = client.http.post(agency_path, headers=hdr(A, "officer"), body=json.dumps({"public": True}))
    assert res.status_code == 409 and res.json_body["error"]["code"] == "confidential_media"
    assert not _opened(client, path)
    assert client.http.get(f"/v1/complaints/{tid}").status_code == 404


def test_public_sees_only_what_the_agency_published(client):
    case = make_case()
    tid = case["tracking_id"]
    from chalicelib.services import attachments

    entry = attachments.ingest(case, jpeg_with_gps(), "image/jpeg", "email")
    path = f"/v1/complaints/{tid}/media/{entry['media_id']}"
    assert not _opened(client, path)
    assert client.http.get(f"/v1/complaints/{tid}").json_body["media"] == []
    agency_path = f"/v1/agency/complaints/{tid}/media/{entry['media_id']}"
    assert client.http.post(agency_path, headers=hdr(A, "officer"),
                            body=json.dumps({"public": True})).status_code == 200
    listed = client.http.get(f"/v1/complaints/{tid}").json_body["media"]
    assert [m["id"] for m in listed] == [entry["media_id"]]
    assert _opened(client, path)
    o311 = client.http.get(f"/open311/v2/requests/{tid}.json").json_body[0]
    assert o311["media_url"].endswith(path)
    # erased on request: gone from S3 and from every view
    assert client.http.delete(agency_path, headers=hdr(A, "officer")).status_code == 200
    assert not _opened(client, path)
    with pytest.raises(Exception):
        stored(tid, entry["media_id"])
    assert client.http.get(f"/v1/complaints/{tid}").json_body["media"] == []


def test_at_most_max_files_per_case(client):
    out = file_case(client)
    for _ in range(rules.MAX_FILES):
        assert start(client, out, "image/png", 1000).status_code == 201
    res = start(client, out, "image/png", 1000)
    assert res.status_code == 409 and res.json_body["error"]["code"] == "too_many_files"
    assert str(rules.MAX_FILES) in res.json_body["error"]["message"]


def test_the_reporter_sees_states_and_erases_their_file(client):
    out = file_case(client)
    entry = upload(client, out, png(), "image/png")
    view = client.http.get(f"/v1/complaints/{out['tracking_id']}", headers=code_hdr(out)).json_body
    assert [m["state"] for m in view["media"]] == [rules.AVAILABLE]
    res = client.http.delete(f"/v1/complaints/{out['tracking_id']}/media/{entry['id']}", headers=code_hdr(out))
    assert res.status_code == 200
    view = client.http.get(f"/v1/complaints/{out['tracking_id']}", headers=code_hdr(out)).json_body
    assert view["media"] == []


def test_an_email_attachment_is_kept_cleaned_once_even_when_the_mail_comes_again(client):
    from email.message import EmailMessage

    from chalicelib.adapters.media_store import MediaStore
    from chalicelib.services import email_door
    from chalicelib.services.mail_reader import parse_mail

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "warga@example.com", "lapor@salur.go.id", "Jalan rusak di Denpasar"
    msg["Message-ID"] = "<foto-1@example.com>"
    msg.set_content("Jalan di depan pasar Badung, Kota Denpasar berlubang besar dan membahayakan pengendara.")
    msg.add_attachment(jpeg_with_gps(), maintype="image", subtype="jpeg", filename="lubang.jpg")
    msg.add_attachment(b"MZ\x90\x00" * 50, maintype="application", subtype="x-msdownload", filename="a.exe")
    parsed = parse_mail(msg.as_bytes())
    assert [ctype for ctype, _ in parsed["files"]] == ["image/jpeg"]
    first = email_door.file_mail(parsed, "warga@example.com", "foto-1", trusted=True)
    again = email_door.file_mail(parsed, "warga@example.com", "foto-1", trusted=True)
    assert first["result"] == "filed" and again["result"] == "replayed"
    records = MediaStore().list(first["tracking_id"])
    assert len(records) == 1 and records[0]["state"] == rules.AVAILABLE and records[0]["source"] == "email"
    body = stored(first["tracking_id"], records[0]["media_id"])["Body"].read()
    assert b"Exif" not in body and not Image.open(io.BytesIO(body)).getexif()


def test_the_scanners_result_event_releases_or_rejects_a_pending_file(client, monkeypatch):
    """GuardDuty Malware Protection for S3 result events, as EventBridge delivers them to the handler; a
    result that came before the file reached pending_scan is read back from the object's tag."""
    import app as app_module

    from chalicelib.adapters.media_store import MediaStore

    monkeypatch.setenv("MEDIA_SCAN", "external")
    out = file_case(client)
    tid = out["tracking_id"]
    clean, dirty = upload(client, out, png(), "image/png"), upload(client, out, PDF, "application/pdf")
    assert clean["state"] == dirty["state"] == rules.PENDING_SCAN
    handler = app_module.app.handler_map["media_scan_result"]

    def event(media_id, status, bucket=None):
        return {"version": "0", "id": "e", "detail-type": "GuardDuty Malware Protection Object Scan Result",
                "source": "aws.guardduty", "account": "123456789012", "time": "2026-12-02T00:00:00Z",
                "region": "ap-southeast-3", "resources": [], "detail": {
                    "s3ObjectDetails": {"bucketName": bucket or config.env("MEDIA_BUCKET"),
                                        "objectKey": rules.stored_key(tid, media_id)},
                    "scanResultDetails": {"scanResultStatus": status}}}

    assert handler(event(clean["id"], "NO_THREATS_FOUND", bucket="another-bucket"), None) == {"ignored": True}
    assert handler(event(clean["id"], "UNSUPPORTED"), None) == {"ignored": True}
    assert handler(event(clean["id"], "NO_THREATS_FOUND"), None)["state"] == rules.AVAILABLE
    assert handler(event(dirty["id"], "THREATS_FOUND"), None)["state"] == rules.REJECTED
    assert client.http.get(f"/v1/complaints/{tid}/media/{clean['id']}", headers=code_hdr(out)).status_code == 302
    assert client.http.get(f"/v1/complaints/{tid}/media/{dirty['id']}", headers=code_hdr(out)).status_code == 404
    with pytest.raises(Exception):
        stored(tid, dirty["id"])

    # the tag written before the record reached pending_scan
    store = MediaStore()
    real_put = store.put

    def put_and_tag(key, data, ctype, disp):
        real_put(key, data, ctype, disp)
        boto3.client("s3").put_object_tagging(Bucket=store.bucket, Key=key, Tagging={"TagSet": [
            {"Key": "GuardDutyMalwareScanStatus", "Value": "NO_THREATS_FOUND"}]})

    monkeypatch.setattr(MediaStore, "put", lambda self, *a: put_and_tag(*a))
    early = upload(client, out, png(), "image/png")
    assert early["state"] == rules.AVAILABLE


def _publish(client, tid: str, media_id: str, public: bool, headers: dict):
    return client.http.post(f"/v1/agency/complaints/{tid}/media/{media_id}", headers=headers,
                            body=json.dumps({"public": public}))


def _agency_view_media(client, tid: str) -> dict:
    res = client.http.get(f"/v1/agency/complaints/{tid}", headers=hdr(A, "officer"))
    assert res.status_code == 200, res.body
    return {m["id"]: m for m in res.json_body["media"]}


def test_only_the_handling_agency_publishes_and_unpublishes(client):
    """Issue 16 #3: the desk publishes evidence through the API — only the agency holding the case, and
    publishing is undone by the same call with ``public: false``."""
    case = make_case()
    tid = case["tracking_id"]
    from chalicelib.services import attachments

    entry = attachments.ingest(case, png(), "image/png", "email")
    path = f"/v1/complaints/{tid}/media/{entry['media_id']}"
    assert _agency_view_media(client, tid)[entry["media_id"]]["publishable"] is True
    res = _publish(client, tid, entry["media_id"], True, hdr(B, "officer"))  # another agency: not its case
    assert res.status_code in (403, 404) and "error" in res.json_body
    assert res.json_body["error"]["code"] != "ok" and not _opened(client, path)
    assert _publish(client, tid, entry["media_id"], True, hdr(A, "officer")).json_body["public"] is True
    assert _opened(client, path) and _agency_view_media(client, tid)[entry["media_id"]]["public"] is True
    assert _publish(client, tid, entry["media_id"], False, hdr(A, "officer")).json_body["public"] is False
    assert not _opened(client, path)
    assert client.http.get(f"/v1/complaints/{tid}").json_body["media"] == []


def test_an_anonymous_reporters_own_file_is_never_published_but_the_agencys_evidence_is(client):
    case = make_case(anonymous=True)
    tid = case["tracking_id"]
    from chalicelib.services import attachments

    theirs = attachments.ingest(case, png(), "image/png", "email")
    res = _publish(client, tid, theirs["media_id"], True, {**hdr(A, "officer"), "Accept-Language": "en"})
    assert res.status_code == 409 and res.json_body["error"]["code"] == "anonymous_media"
    assert "anonymous" in res.json_body["error"]["message"]
    res = _publish(client, tid, theirs["media_id"], True, hdr(A, "officer"))
    assert "anonim" in res.json_body["error"]["message"]  # Indonesian by default
    assert not _opened(client, f"/v1/complaints/{tid}/media/{theirs['media_id']}")
    # the agency's own evidence of work on the same report may be shown
    started = client.http.post(f"/v1/agency/complaints/{tid}/media", headers=hdr(A, "officer"),
                               body=json.dumps({"content_type": "image/png", "size": len(png())}))
    assert started.status_code == 201, started.body
    assert post_to_s3(started.json_body["upload"], png()) in (200, 204)
    done = client.http.post(started.json_body["confirm"], headers=hdr(A, "officer"))
    assert done.status_code == 200 and done.json_body["state"] == rules.AVAILABLE, done.body
    flags = {k: v["publishable"] for k, v in _agency_view_media(client, tid).items()}
    assert flags == {theirs["media_id"]: False, done.json_body["id"]: True}
    assert _publish(client, tid, done.json_body["id"], True, hdr(A, "officer")).status_code == 200
    assert [m["id"] for m in client.http.get(f"/v1/complaints/{tid}").json_body["media"]] == [done.json_body["id"]]

