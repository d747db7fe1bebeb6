"""Notification wording, Indonesian and English; plain text, HTML and SMS (≤ 2 segments).

Pure: no AWS.  Each template takes the context built by ``plan`` (tracking id, agency,
status, message, due date...) and never anything about the reporter except their name.
"""
from __future__ import annotations

import html
import string

from chalicelib import config


def follow_url(tracking_id: str) -> str:
    """The follow page of a report (``/lacak/<id>``) under the stage's public URL (``SALUR_PUBLIC_URL``)."""
    return f"{config.public_url()}/lacak/{tracking_id}"


# key → {lang: (subject, body)}; bodies use $placeholders (string.Template, so braces are safe in messages).
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "received": {
        "id": ("Laporan $tid diterima",
               "Laporan Anda \"$title\" telah kami terima dengan nomor $tid.\n"
               "Kode akses rahasia: $access_code (simpan; jangan dibagikan).\n"
               "Pantau di $url atau balas SMS: STATUS $tid"),
        "en": ("Report $tid received",
               "We received your report \"$title\" under number $tid.\n"
               "Secret access code: $access_code (keep it; do not share it).\n"
               "Track it at $url or text: STATUS $tid"),
    },
    "routed": {
        "id": ("Laporan $tid diteruskan ke $agency",
               "Laporan $tid telah diteruskan ke $agency. Batas tindak lanjut: $due."),
        "en": ("Report $tid sent to $agency",
               "Report $tid has been sent to $agency. Follow-up due by: $due."),
    },
    "verifying": {
        "id": ("Laporan $tid sedang diverifikasi",
               "Laporan $tid sedang diverifikasi petugas sebelum diteruskan ke instansi yang berwenang."),
        "en": ("Report $tid is being verified",
               "Report $tid is being checked by a verifier before it goes to the responsible agency."),
    },
    "info_requested": {
        "id": ("Laporan $tid memerlukan informasi tambahan",
               "$agency meminta informasi tambahan untuk laporan $tid:\n$message\n"
               "Jawab di $url sebelum $due."),
        "en": ("Report $tid needs more information",
               "$agency asks for more information on report $tid:\n$message\n"
               "Answer at $url before $due."),
    },
    "responded": {
        "id": ("Tanggapan atas laporan $tid",
               "$agency menanggapi laporan $tid:\n$message\n"
               "Puas atau belum? Beri penilaian di $url"),
        "en": ("Response to report $tid",
               "$agency responded to report $tid:\n$message\n"
               "Satisfied or not? Rate it at $url"),
    },
    "escalated": {
        "id": ("Laporan $tid dieskalasi ke $level",
               "Laporan $tid dieskalasi ke $level, yang kini menanganinya sampai $due."),
        "en": ("Report $tid escalated to $level",
               "Report $tid was escalated to $level, who now handles it until $due."),
    },
    "appealed": {
        "id": ("Banding laporan $tid diterima",
               "Banding Anda atas penolakan laporan $tid diterima; laporan ditinjau $level sampai $due."),
        "en": ("Appeal on report $tid received",
               "Your appeal against the rejection of report $tid was received; $level reviews it until $due."),
    },
    "reopened": {
        "id": ("Laporan $tid dibuka kembali",
               "Laporan $tid dibuka kembali dan ditangani lagi oleh $agency. Batas baru: $due."),
        "en": ("Report $tid reopened",
               "Report $tid was reopened and is again with $agency. New deadline: $due."),
    },
    "completed": {
        "id": ("Laporan $tid selesai",
               "Laporan $tid telah selesai ditindaklanjuti. Terima kasih telah melapor."),
        "en": ("Report $tid completed",
               "Report $tid has been completed. Thank you for reporting."),
    },
    "rejected": {
        "id": ("Laporan $tid tidak dapat diproses",
               "Laporan $tid tidak dapat diproses: $message"),
        "en": ("Report $tid cannot be processed",
               "Report $tid cannot be processed: $message"),
    },
    # a contact given at filing that neither the door proved nor its holder confirmed: only this, and
    # never a word the filer wrote (title, body, names) — the filer may have named a stranger
    "confirm_contact": {
        "id": ("Konfirmasi kontak untuk laporan $tid",
               "Alamat ini dicantumkan sebagai kontak pelapor pada laporan $tid di Salur.\n"
               "Jika itu Anda, buka $url dan masukkan kode konfirmasi $confirm_code; setelah itu kami "
               "mengabari Anda tentang laporan ini.\n"
               "Jika bukan Anda, abaikan pesan ini: tanpa konfirmasi Anda tidak menerima pesan lain darinya."),
        "en": ("Confirm your contact for report $tid",
               "This address was given as the reporter's contact on report $tid at Salur.\n"
               "If that is you, open $url and enter the confirmation code $confirm_code; we will then keep you "
               "informed about this report.\n"
               "If it is not you, ignore this message: without a confirmation you get no other message about it."),
    },
    # supporters (people following a public report: e-mail only, confirmed first)
    "confirm_supporter": {
        "id": ("Konfirmasi: ikuti laporan $tid",
               "Seseorang ingin alamat ini menerima kabar tentang laporan publik $tid (\"$title\") di Salur.\n"
               "Jika itu Anda, buka $url dan masukkan kode konfirmasi $confirm_code.\n"
               "Jika bukan Anda, abaikan pesan ini: tanpa konfirmasi Anda tidak menerima pesan lain."),
        "en": ("Confirm: follow report $tid",
               "Someone asked that this address hear about public report $tid (\"$title\") at Salur.\n"
               "If that was you, open $url and enter the confirmation code $confirm_code.\n"
               "If not, ignore this message: without a confirmation you get no other message."),
    },
    "supporter_update": {
        "id": ("Kabar laporan $tid yang Anda ikuti",
               "Laporan \"$title\" ($tid) yang Anda ikuti mendapat tanggapan dari $agency:\n$message\n"
               "Lihat di $url"),
        "en": ("News on report $tid you follow",
               "Report \"$title\" ($tid) you follow has an answer from $agency:\n$message\nSee $url"),
    },
    # agency contacts
    "agency_new_case": {
        "id": ("[Salur] Laporan baru $tid",
               "Laporan baru untuk $agency: \"$title\" ($tid). Batas tindak lanjut: $due."),
        "en": ("[Salur] New report $tid",
               "New report for $agency: \"$title\" ($tid). Follow-up due by: $due."),
    },
    "agency_due_tomorrow": {
        "id": ("[Salur] Batas waktu laporan $tid besok",
               "Batas tindak lanjut laporan $tid (\"$title\") berakhir $due. Segera tindak lanjuti agar tidak "
               "dieskalasi."),
        "en": ("[Salur] Report $tid due tomorrow",
               "The follow-up deadline of report $tid (\"$title\") ends $due. Act now to avoid escalation."),
    },
    # a reminder caught up after a missed day (``services.notifications.reminder_window``): the wording follows
    # the deadline as of the send time (``notification_plan.due_day``), never "tomorrow" for today's deadline
    "agency_due_today": {
        "id": ("[Salur] Batas waktu laporan $tid hari ini",
               "Batas tindak lanjut laporan $tid (\"$title\") berakhir hari ini, $due. Segera tindak lanjuti agar "
               "tidak dieskalasi."),
        "en": ("[Salur] Report $tid due today",
               "The follow-up deadline of report $tid (\"$title\") ends today, $due. Act now to avoid escalation."),
    },
    "agency_due_passed": {
        "id": ("[Salur] Batas waktu laporan $tid sudah lewat",
               "Batas tindak lanjut laporan $tid (\"$title\") sudah berakhir $due. Laporan akan dieskalasi; "
               "segera tindak lanjuti."),
        "en": ("[Salur] Report $tid is past its deadline",
               "The follow-up deadline of report $tid (\"$title\") ended $due. The report will be escalated; "
               "act now."),
    },
    "agency_due_soon": {
        "id": ("[Salur] Batas waktu laporan $tid segera berakhir",
               "Batas tindak lanjut laporan $tid (\"$title\") berakhir $due. Segera tindak lanjuti agar tidak "
               "dieskalasi."),
        "en": ("[Salur] Report $tid due soon",
               "The follow-up deadline of report $tid (\"$title\") ends $due. Act now to avoid escalation."),
    },
    "agency_escalated": {
        "id": ("[Salur] Laporan $tid dieskalasi ke $level",
               "Batas waktu laporan $tid (\"$title\") terlewati oleh $breached; laporan kini ditangani $level. "
               "Batas baru: $due."),
        "en": ("[Salur] Report $tid escalated to $level",
               "$breached missed the deadline of report $tid (\"$title\"); it is now handled by $level. "
               "New deadline: $due."),
    },
    "agency_appealed": {
        "id": ("[Salur] Banding atas laporan $tid",
               "Pelapor mengajukan banding atas penolakan laporan $tid (\"$title\") oleh $breached; $level "
               "meninjaunya. Batas: $due."),
        "en": ("[Salur] Appeal on report $tid",
               "The reporter appealed the rejection of report $tid (\"$title\"); $level reviews it. Due: $due."),
    },
    "agency_instructed": {
        "id": ("[Salur] Arahan untuk laporan $tid",
               "$level memberi arahan untuk laporan $tid (\"$title\"). Lihat catatan di kasus; batas baru: $due."),
        "en": ("[Salur] Instruction on report $tid",
               "$level instructed you on report $tid (\"$title\"). See the note on the case; new deadline: $due."),
    },
    "agency_reopened": {
        "id": ("[Salur] Laporan $tid dibuka kembali",
               "Pelapor tidak puas dengan tindak lanjut laporan $tid (\"$title\"); laporan dibuka kembali. "
               "Batas baru: $due."),
        "en": ("[Salur] Report $tid reopened",
               "The reporter was not satisfied with the follow-up of report $tid (\"$title\"); it is reopened. "
               "New deadline: $due."),
    },
}

#: SMS wording where it differs from the e-mail body (shorter, and a reply to 1708 confirms a number)
SMS_TEXT: dict[str, dict[str, str]] = {
    "confirm_contact": {
        "id": "Salur: nomor ini dicantumkan pada laporan $tid. Jika benar Anda, balas YA $tid ke 1708 atau masukkan "
              "kode $confirm_code di $url. Bukan Anda? Abaikan; tanpa konfirmasi tidak ada pesan lain.",
        "en": "Salur: this number was given on report $tid. If that is you, reply YES $tid to 1708 or enter code "
              "$confirm_code at $url. Not you? Ignore this; without a confirmation no other message follows.",
    },
}

FOOTER = {
    "id": "\n\n— Salur, kanal pengaduan pelayanan publik. Berhenti menerima pesan: balas STOP.",
    "en": "\n\n— Salur, the public-service complaint channel. To stop these messages reply STOP.",
}
SMS_MAX = 306  # two GSM-7 segments


def _fill(text: str, ctx: dict) -> str:
    values = {k: ("" if v is None else str(v)) for k, v in ctx.items()}
    return string.Template(text).safe_substitute(values)


def render(key: str, lang: str, ctx: dict) -> dict:
    """{'subject','text','html','sms'} for template ``key`` in ``lang`` ('id' unless 'en')."""
    lang = "en" if lang == "en" else "id"
    subject, body = TEMPLATES[key][lang]
    ctx = {"url": follow_url(str(ctx.get("tid", ""))), "due": "-", "message": "", **ctx}
    subject_txt, body_txt = _fill(subject, ctx), _fill(body, ctx)
    text = body_txt + FOOTER[lang]
    url = html.escape(ctx["url"])
    link = f'<a href="{url}">{url}</a>'  # the follow page, clickable (the URL is ours, never the reporter's text)
    paragraphs = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>').replace(url, link)}</p>"
                         for p in text.split("\n\n"))
    html_body = (f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>"
                 f"{html.escape(subject_txt)}</title></head><body style=\"font-family:sans-serif\">"
                 f"{paragraphs}</body></html>")
    sms_txt = _fill(SMS_TEXT[key][lang], ctx) if key in SMS_TEXT else body_txt
    sms = sms_txt if len(sms_txt) <= SMS_MAX else sms_txt[:SMS_MAX - 1] + "…"
    return {"subject": subject_txt, "text": text, "html": html_body, "sms": sms}
