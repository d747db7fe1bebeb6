"""Messages in the caller's language: Indonesian by default, English on request."""
from __future__ import annotations

DEFAULT_LANG = "id"


def lang_of(request) -> str:
    """The caller's language ('en' or 'id') from the request's Accept-Language."""
    headers = getattr(request, "headers", None) or {}
    return language(headers.get("accept-language"))


def language(accept_language: str | None) -> str:
    """Pick 'en' or 'id' from an Accept-Language header, honouring q-values."""
    if not accept_language:
        return DEFAULT_LANG
    best, best_q = DEFAULT_LANG, -1.0
    for part in accept_language.split(","):
        bits = part.strip().split(";")
        tag = bits[0].strip().lower()
        q = 1.0
        for b in bits[1:]:
            b = b.strip()
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        primary = tag.split("-")[0]
        if primary in ("en", "id", "in") and q > best_q:
            best, best_q = ("en" if primary == "en" else "id"), q
    return best


MESSAGES: dict[str, tuple[str, str]] = {
    "validation_error": ("Data yang dikirim tidak valid.", "The submitted data is invalid."),
    "malformed_json": ("Isi permintaan bukan JSON yang valid.", "The request body is not valid JSON."),
    "body_not_object": ("Isi permintaan harus berupa objek JSON.", "The request body must be a JSON object."),
    "payload_too_large": ("Isi permintaan terlalu besar.", "The request body is too large."),
    "unsupported_media_type": ("Jenis konten tidak didukung; gunakan application/json.",
                               "Unsupported content type; use application/json."),
    "not_found": ("Data tidak ditemukan.", "Not found."),
    "method_not_allowed": ("Metode HTTP tidak diizinkan untuk alamat ini.", "HTTP method not allowed for this path."),
    "bad_request": ("Permintaan tidak dapat diproses.", "The request could not be processed."),
    "idempotency_conflict": ("Idempotency-Key yang sama sudah dipakai untuk isi permintaan yang berbeda.",
                             "The same Idempotency-Key was already used with a different request body."),
    "idempotency_in_progress": ("Permintaan dengan Idempotency-Key ini sedang diproses; coba lagi sebentar.",
                                "A request with this Idempotency-Key is still being processed; retry shortly."),
    "invalid_idempotency_key": ("Idempotency-Key harus 1–128 karakter yang terlihat.",
                                "Idempotency-Key must be 1–128 visible characters."),
    "unauthorized": ("Kunci API tidak ada atau tidak valid.", "Missing or invalid API key."),
    "forbidden": ("Anda tidak berwenang atas tindakan ini.", "You are not allowed to do this."),
    "conflict": ("Data telah berubah; muat ulang lalu coba lagi.", "The data has changed; reload and try again."),
    "illegal_transition": ("Tindakan ini tidak dapat dilakukan pada status laporan saat ini.",
                           "This action is not possible in the complaint's current status."),
    "unknown_agency": ("Instansi tidak dikenal.", "Unknown agency."),
    "invalid_cursor": ("Kursor halaman tidak valid.", "Invalid page cursor."),
    "webhook_url_rejected": ("Alamat webhook tidak diizinkan.", "The webhook URL is not allowed."),
    "too_many_webhooks": ("Jumlah webhook instansi sudah maksimal.", "The agency already has the maximum number of webhooks."),
    "sign_in_failed": ("Email, kata sandi atau kode tidak cocok.", "Email, password or code did not match."),
    "account_exists": ("Sudah ada akun dengan email ini.", "An account with this email already exists."),
    "weak_password": ("Kata sandi tidak memenuhi aturan (minimal 12 karakter, huruf besar, huruf kecil, angka).",
                      "The password does not meet the rules (12+ characters, upper and lower case, a digit)."),
    "unknown_unit": ("Unit tidak dikenal di instansi ini.", "Unknown unit in this agency."),
    "unit_exists": ("Unit dengan kunci ini sudah ada.", "A unit with this key already exists."),
    "unit_for_officers": ("Hanya akun petugas yang terikat pada satu unit.", "Only officer accounts belong to one unit."),
    "name_or_status": ("Kirim nama baru atau status (active/retired).", "Send a new name or a status (active/retired)."),
    "challenge_incomplete": ("Jawaban tantangan masuk tidak lengkap (kode atau kata sandi baru).",
                             "The sign-in challenge answer is incomplete (code or new password)."),
    "query_length": ("Kata pencarian 1–100 karakter.", "Search words must be 1–100 characters."),
    "escalation_level_range": ("Tingkat eskalasi 0–4.", "Escalation level 0–4."),
    "date_format": ("Tanggal harus berformat YYYY-MM-DD.", "The date must be YYYY-MM-DD."),
    "unit_key_format": ("Huruf kecil, angka dan tanda hubung, 2–40 karakter.", "Lower case letters, digits and hyphens, 2–40 characters."),
    "own_account": ("Anda tidak dapat menonaktifkan akun Anda sendiri.", "You cannot disable your own account."),
    "too_many_files": ("Laporan ini sudah memiliki jumlah lampiran maksimal ({limit}).",
                       "This report already has the maximum number of attachments ({limit})."),
    "case_closed": ("Laporan ini sudah ditutup.", "This report is closed."),
    "upload_missing": ("Berkas belum diunggah; unggah dulu lalu konfirmasi.",
                       "The file has not been uploaded yet; upload it, then confirm."),
    "confidential_media": ("Lampiran laporan rahasia tidak dapat dipublikasikan.",
                           "Attachments of a confidential report cannot be published."),
    "anonymous_media": ("Lampiran dari pelapor anonim tidak dapat dipublikasikan: dapat mengungkap identitasnya.",
                        "An anonymous reporter's attachments cannot be published: they may reveal who they are."),
    "media_not_available": ("Lampiran belum tersedia (menunggu unggahan atau pemindaian).",
                            "The attachment is not available yet (awaiting upload or scan)."),
    "not_in_cluster": ("Laporan ini tidak tergabung dalam kelompok laporan.", "This report is not in a cluster."),
    "cluster_root": ("Laporan ini induk kelompok laporan lain; pisahkan anggotanya dulu.",
                     "This report is the root of another cluster; split its members first."),
    "confidential_cluster": ("Laporan rahasia tidak dapat digabung ke kelompok laporan publik.",
                             "A confidential report cannot join a public cluster."),
    "role_not_allowed": ("Peran ini tidak dapat diberikan kepada instansi tersebut.", "This role cannot be given to that agency."),
    "replayed_message": ("Pesan bertanda tangan ini sudah pernah diterima.", "This signed message was already received."),
    "too_many_requests": ("Terlalu banyak permintaan; coba lagi sebentar.", "Too many requests; retry shortly."),
    "service_unavailable": ("Layanan sedang sibuk; coba lagi sebentar.", "The service is busy; please retry shortly."),
    "internal_error": ("Terjadi kesalahan pada sistem; laporan Anda tidak hilang, silakan coba lagi.",
                       "An internal error occurred; please retry."),
    # channels (SMS gateway, chat webhook)
    "invalid_signature": ("Tanda tangan pesan tidak ada, kedaluwarsa, atau tidak valid.",
                          "Missing, expired or invalid message signature."),
}

# Field-level messages, keyed by pydantic error type (or our own codes).
FIELD_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("Wajib diisi.", "This field is required."),
    "extra_forbidden": ("Kolom ini tidak dikenal.", "Unknown field."),
    "string_too_short": ("Terlalu pendek (minimal {min_length} karakter).", "Too short (at least {min_length} characters)."),
    "string_too_long": ("Terlalu panjang (maksimal {max_length} karakter).", "Too long (at most {max_length} characters)."),
    "string_type": ("Harus berupa teks.", "Must be a string."),
    "bool_type": ("Harus bernilai true atau false.", "Must be true or false."),
    "bool_parsing": ("Harus bernilai true atau false.", "Must be true or false."),
    "int_type": ("Harus berupa bilangan bulat.", "Must be an integer."),
    "int_parsing": ("Harus berupa bilangan bulat.", "Must be an integer."),
    "float_type": ("Harus berupa angka.", "Must be a number."),
    "float_parsing": ("Harus berupa angka.", "Must be a number."),
    "finite_number": ("Harus berupa angka terhingga.", "Must be a finite number."),
    "greater_than_equal": ("Minimal {ge}.", "Must be at least {ge}."),
    "less_than_equal": ("Maksimal {le}.", "Must be at most {le}."),
    "literal_error": ("Nilai tidak dikenal; pilih salah satu: {expected}.", "Unknown value; expected one of: {expected}."),
    "enum": ("Nilai tidak dikenal; pilih salah satu: {expected}.", "Unknown value; expected one of: {expected}."),
    "date_type": ("Harus berupa tanggal (YYYY-MM-DD).", "Must be a date (YYYY-MM-DD)."),
    "date_parsing": ("Harus berupa tanggal (YYYY-MM-DD).", "Must be a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": ("Harus berupa tanggal (YYYY-MM-DD).", "Must be a date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": ("Harus berupa tanggal (YYYY-MM-DD).", "Must be a date (YYYY-MM-DD)."),
    "dict_type": ("Harus berupa objek.", "Must be an object."),
    "model_type": ("Harus berupa objek.", "Must be an object."),
    "model_attributes_type": ("Harus berupa objek.", "Must be an object."),
    "list_type": ("Harus berupa daftar.", "Must be a list."),
    "future_date": ("Tanggal tidak boleh di masa depan.", "The date cannot be in the future."),
    "invalid_email": ("Alamat email tidak valid.", "Invalid email address."),
    "invalid_phone": ("Nomor telepon tidak valid (contoh: 0812xxxxxxx atau +62812xxxxxxx).",
                      "Invalid phone number (e.g. 0812xxxxxxx or +62812xxxxxxx)."),
    "invalid_region_code": ("Kode wilayah tidak dikenal.", "Unknown region code."),
    "invalid_district_code": ("Kode kecamatan tidak dikenal.", "Unknown district code."),
    "district_region_mismatch": ("Kecamatan tidak berada di wilayah yang disebut.",
                                 "The district is not inside the given region."),
    "unknown_agency": ("Instansi tidak dikenal.", "Unknown agency."),
    "unknown_category": ("Kategori tidak dikenal.", "Unknown category."),
    "blank": ("Tidak boleh kosong.", "Must not be blank."),
    "value_error": ("Nilai tidak valid.", "Invalid value."),
    "invalid": ("Nilai tidak valid.", "Invalid value."),
}


def validation_fields(exc, lang: str) -> dict[str, str]:
    """Turn a pydantic ValidationError into {"field.path": "message"} in ``lang``."""
    fields: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__") or "body"
        etype = err.get("type", "invalid")
        ctx = dict(err.get("ctx") or {})
        if etype == "value_error" and "error" in ctx:
            inner = str(ctx["error"])
            if inner in FIELD_MESSAGES:
                etype = inner
        if etype not in FIELD_MESSAGES:
            etype = "invalid"
        fields.setdefault(loc, message(etype, lang, **{k: v for k, v in ctx.items() if k != "error"}))
    return fields


def message(code: str, lang: str, **params) -> str:
    pair = MESSAGES.get(code) or FIELD_MESSAGES.get(code) or FIELD_MESSAGES["invalid"]
    text = pair[1] if lang == "en" else pair[0]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


# inbound-mail door (POST /v1/channels/email)
MESSAGES.update({
    "invalid_mail_token": ("Token surat masuk tidak ada atau tidak valid.", "Missing or invalid inbound-mail token."),
    "mail_unreadable": ("Email tidak dapat dibaca; pengirim sudah dibalas lewat email.",
                        "The mail could not be read; the sender was answered by email."),
    "mail_too_short": ("Isi email terlalu singkat untuk menjadi laporan; pengirim sudah dibalas lewat email.",
                       "The mail is too short to be a complaint; the sender was answered by email."),
    "mail_too_large": ("Email melebihi 10 MB; tidak ada yang disimpan.", "The mail is larger than 10 MB; nothing was stored."),
})
