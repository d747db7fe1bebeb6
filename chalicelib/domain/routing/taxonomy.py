"""Curated taxonomy of public-service matters and who has authority over them.

Each matter maps what citizens complain about to the body responsible under
UU 23/2014 (Pemerintahan Daerah, annex on the division of government affairs)
and sector law.  ``target`` is one of:

* a national agency id from ``national_agencies.csv`` (e.g. ``"pln"``);
* ``"@local"``    -- the regency/city government of the place (DKI Jakarta: Pemprov DKI);
* ``"@province"`` -- the provincial government of the place.

Keyword lists are comma-separated phrases, already in the normalised form used by
``text.normalize`` (lowercase, abbreviations expanded: ``jln`` -> ``jalan``, ``yg`` -> ``yang``,
``rs`` -> ``rumah sakit``...).  Weights: ``strong`` 3.0 (a phrase that on its
own identifies the matter), ``normal`` 1.5, ``weak`` 0.6 (only meaningful together with
other cues: a matter with only weak hits scores at most 0.6).  Multi-word phrases get up to
+60 % (specificity), two-word phrases also match with up to two words in between (x0.8).
When a longer phrase matches, shorter phrases inside the same words are ignored, so
``jalan nasional`` beats ``jalan`` and ``bpjs ketenagakerjaan`` beats ``bpjs``.

``also`` lists bodies that share authority and can act on an individual case (a reporter who
chose one of them is honoured; a named operator among them, e.g. "Bank Mandiri" for KUR or
"Garuda" for a flight, takes the case).  ``fallback`` is the national line ministry used when a
regional matter has no place (always low confidence, needs verification).

Documented authority choices (one consistent rule each):

* Social assistance (PKH, BPNT/sembako, PBI, DTKS/DTSEN data): routed to **Kemensos**, the
  programme owner; the regency Dinas Sosial that verifies the data is an accepted
  alternative (``also``) so a reporter who picks their Pemkab is honoured.
* Village governance (kepala desa, perangkat desa, Dana Desa use, BLT-DD, BUMDes): routed to the
  **regency** government, which supervises villages (UU 6/2014 art. 112-115; misuse is
  examined by the regency Inspektorat).  Kemendes PDT is an accepted alternative.
* Labour disputes (PHK, wages, THR): routed to **Kemnaker**; labour inspection is a
  provincial affair (UU 23/2014), so the province is an accepted alternative, as is the
  regency Disnaker (industrial-relations mediation).
* Local waste and neighbourhood pollution (TPS, sampah): regency/city (DLH).  Industrial
  pollution, mining damage and cross-border pollution: **KLH/BPLH** (``kemen-lh``).
* Subsidised fertiliser: **Pupuk Indonesia** (distribution, kiosks); Kementan (allocation)
  is an accepted alternative.
* Roads: local roads and unspecified ``jalan rusak`` -> regency/city; ``jalan provinsi``
  -> province; ``jalan nasional``/lintas routes -> Kementerian PU; toll roads -> Jasa Marga
  (Trans-Sumatra toll -> Hutama Karya).
* Schools: PAUD/SD/SMP -> regency/city; SMA/SMK/SLB -> province; madrasah and pesantren ->
  Kemenag; universities -> Kemdiktisaintek.
* Vehicle tax at Samsat (PKB/BBNKB) -> province; SIM, tilang and police matters -> Polri.
"""
from __future__ import annotations

LOCAL = "@local"
PROVINCE = "@province"


def M(id, label_id, label_en, group, target, description_en, strong="", normal="", weak="",
      also=(), fallback=None, tags=()):
    return {
        "id": id, "label_id": label_id, "label_en": label_en, "group": group,
        "target": target, "description_en": description_en,
        "strong": strong, "normal": normal, "weak": weak,
        "also": tuple(also), "fallback": fallback, "tags": tuple(tags),
    }


MATTERS = [
    # ------------------------------------------------------------------ education
    M("school_basic", "Sekolah PAUD/TK/SD/SMP", "Early childhood, primary and junior secondary schools",
      "education", LOCAL,
      "PAUD, TK, SD and SMP schools run by the regency/city: admissions (PPDB/SPMB), fees and levies, "
      "buildings, teachers and school management.",
      strong="sdn, smpn, sd negeri, smp negeri, sekolah dasar, paud, ppdb, spmb, kjp, kartu jakarta pintar, "
             "sekolah menengah pertama, primary school, junior high",
      normal="sd, smp, tk, mi sd, zonasi, uang gedung, uang bangunan, sumbangan sekolah, seragam sekolah, lks, "
             "guru honorer, dana bos, kepala sekolah, murid, siswa baru, uang perpisahan, komite sekolah, "
             "dinas pendidikan kota, dinas pendidikan kabupaten, disdik, kelas 1, kelas 6, wali murid",
      weak="sekolah, guru, siswa, kelas, rapor, pendidikan, anak sekolah, school, teacher, pungutan, dirundung, "
           "bullying, perundungan",
      fallback="kemendikdasmen"),
    M("school_secondary", "Sekolah SMA/SMK/SLB", "Senior secondary and special-needs schools (SMA/SMK/SLB)",
      "education", PROVINCE,
      "SMA, SMK and SLB schools, which are provincial affairs: admissions, fees, committee levies, "
      "withheld diplomas, teachers.",
      strong="sma, sman, smk, smkn, slb, sma negeri, smk negeri, sekolah luar biasa, sekolah menengah atas, "
             "sekolah menengah kejuruan, senior high school, dinas pendidikan provinsi, cabang dinas pendidikan",
      normal="sumbangan komite, praktik industri, prakerin, pkl siswa, anak berkebutuhan khusus",
      fallback="kemendikdasmen"),
    M("higher_education", "Perguruan tinggi", "Universities and higher education", "education",
      "kemendiktisaintek",
      "Universities and colleges: tuition (UKT), KIP Kuliah, admissions, lecturers, diplomas, accreditation.",
      strong="ukt, kip kuliah, perguruan tinggi, universitas, kampus, ptn, pts, snbp, snbt, utbk, rektor, "
             "rektorat, university, tuition fee, uang kuliah, kemendiktisaintek, kemdiktisaintek, lldikti, "
             "politeknik, sekolah tinggi, institut",
      normal="mahasiswa, dosen, kuliah, skripsi, wisuda, semester, akreditasi, cuti kuliah, student, lecturer",
      weak="ijazah, nilai, beasiswa"),
    M("madrasah", "Madrasah & pesantren", "Madrasah and Islamic boarding schools", "education", "kemenag",
      "Madrasah (RA, MI, MTs, MA) and pesantren, which are under the Ministry of Religious Affairs.",
      strong="madrasah, mi negeri, mtsn, mts, madrasah aliyah, madrasah aliyah negeri, madrasah tsanawiyah, madrasah ibtidaiyah, "
             "pesantren, pondok pesantren, ponpes, santri, raudhatul athfal",
      normal="ustadz, ustaz, guru ngaji, diniyah, tpq, tpa quran",
      also=("kemen-pppa", "kpai")),
    M("student_aid", "Bantuan siswa PIP/KIP", "Student aid (PIP / KIP for school pupils)", "education",
      "kemendikdasmen",
      "Program Indonesia Pintar cash aid for school pupils, KIP cards and activation of PIP accounts.",
      strong="pip, program indonesia pintar, kartu indonesia pintar, dana pip, kip sekolah",
      normal="sk nominasi, aktivasi rekening",
      also=()),
    M("teacher_welfare", "Tunjangan & sertifikasi guru", "Teacher certification and allowances", "education",
      "kemendikdasmen",
      "Teacher professional allowance (TPG), PPG certification, Dapodik and teacher data.",
      strong="tunjangan profesi, tpg, ppg, sertifikasi guru, dapodik, info gtk, tunjangan sertifikasi",
      normal="tunjangan guru, inpassing, nuptk",
      also=()),
    M("scholarship_lpdp", "Beasiswa LPDP", "LPDP scholarships", "education", "kemenkeu",
      "LPDP scholarship disbursement and administration (endowment fund under the Ministry of Finance).",
      strong="lpdp", normal="dana hidup, beasiswa luar negeri"),
    # ------------------------------------------------------------------ religion
    M("marriage_kua", "Nikah & KUA", "Marriage registration (KUA)", "religion", "kemenag",
      "Muslim marriage registration at KUA offices: fees, marriage books, rujuk, isbat.",
      strong="kua, kantor urusan agama, buku nikah, akta nikah, daftar nikah, biaya nikah, penghulu, isbat nikah",
      normal="nikah, menikah, pernikahan, rujuk, wali nikah, nikah siri",
      weak="kemenag"),
    M("religious_affairs", "Urusan keagamaan", "Religious affairs and houses of worship", "religion", "kemenag",
      "Religious affairs: houses of worship, religious instructors, zakat and waqf, interfaith relations.",
      strong="rumah ibadah, izin rumah ibadah, fkub, penyuluh agama, wakaf, zakat, baznas, kementerian agama, kemenag",
      normal="masjid, gereja, pura, vihara, klenteng, ibadah, pendeta, intoleransi",
      also=("@local",)),
    M("hajj_umrah", "Haji & umrah", "Hajj and umrah", "religion", "kemenhaj",
      "Hajj registration and waiting lists, pilgrim services, umrah travel agencies (PPIU) and fraud.",
      strong="haji, umrah, umroh, jemaah haji, jamaah haji, porsi haji, kuota haji, siskohat, ppiu, biro umrah, "
             "travel umrah, kemenhaj, hajj, umrah pilgrimage",
      normal="jamaah, jemaah, calon haji, manasik, keberangkatan haji, biro perjalanan",
      also=("kemenag", "polri")),
    M("halal_certification", "Sertifikasi halal", "Halal certification", "religion", "bpjph",
      "Halal certificates, the free SEHATI scheme and halal labels.",
      strong="sertifikat halal, sertifikasi halal, label halal, sehati, bpjph, halal certification",
      normal="halal, lp3h, pendamping halal"),
    # ------------------------------------------------------------------ health
    M("puskesmas", "Puskesmas & layanan kesehatan dasar", "Community health centres (puskesmas)", "health", LOCAL,
      "Puskesmas, pustu, posyandu, village midwives, immunisation and local health office (Dinkes) services.",
      strong="puskesmas, pustu, posyandu, dinkes, dinas kesehatan, bidan desa, polindes, poskesdes, gizi buruk, "
             "fogging, demam berdarah, dbd, "
             "community health centre",
      normal="imunisasi, vaksin, pmt, makanan tambahan, kader, balita, ibu hamil, nakes, tenaga kesehatan, "
             "stunting, ambulans desa",
      weak="dokter, berobat, pasien, obat, sakit, kesehatan, bidan, perawat, poli",
      fallback="kemenkes"),
    M("hospital_regional", "RSUD kabupaten/kota", "Regency/city hospitals (RSUD)", "health", LOCAL,
      "Regional public hospitals owned by a regency or city: refusals, queues, staff conduct, fees.",
      strong="rsud, rumah sakit umum daerah, rumah sakit daerah",
      normal="rumah sakit, igd, ugd, rawat inap, kamar penuh, hospital, emergency room",
      weak="dokter, pasien, perawat, poli, antrian poli",
      fallback="kemenkes"),
    M("hospital_provincial", "RSUD provinsi", "Provincial hospitals", "health", PROVINCE,
      "Hospitals owned by the provincial government.",
      strong="rsud provinsi, rumah sakit provinsi, rumah sakit umum provinsi, rsu provinsi, rsud prov, "
             "rumah sakit jiwa provinsi, rsj provinsi, rumah sakit umum daerah provinsi",
      fallback="kemenkes"),
    M("hospital_central", "Rumah sakit pusat/vertikal", "Central government hospitals", "health", "kemenkes",
      "Hospitals run by the Ministry of Health (RSUP, RS vertikal such as RSCM, Sardjito, Hasan Sadikin).",
      strong="rsup, rumah sakit umum pusat, rumah sakit vertikal, rscm, sardjito, hasan sadikin, kemenkes, "
             "kementerian kesehatan, rs fatmawati, rumah sakit fatmawati, persahabatan, rumah sakit kanker dharmais, "
             "kariadi, wahidin sudirohusodo, rsup wahidin, m djamil, adam malik, mohammad hoesin, moh hoesin, "
             "kandou, prof ngoerah, sanglah, soeradji tirtonegoro, tadjuddin chalid, ben mboi, harapan kita, "
             "dharmais, sulianti saroso, marzoeki mahdi, cipto mangunkusumo, sitanala, cicendo, soeharso, "
             "leimena, rumah sakit vertikal kemenkes",
      normal="str dokter, sip dokter, konsil kesehatan"),
    M("bpjs_health", "BPJS Kesehatan / JKN-KIS", "National health insurance (BPJS Kesehatan, JKN-KIS)", "health",
      "bpjs-kesehatan",
      "JKN/KIS membership, contributions and arrears, PBI status, referrals, patients refused as JKN members.",
      strong="bpjs kesehatan, jkn, kis, jkn kis, kartu indonesia sehat, mobile jkn, iuran bpjs, pbi, bpjs kes, "
             "kartu bpjs, peserta bpjs, pasien bpjs, rujukan bpjs, faskes, fktp, national health insurance",
      normal="bpjs, rujukan, iuran, tunggakan iuran, denda rawat inap, nonaktif, faskes tingkat, klinik pratama",
      also=("kemensos",)),
    M("free_health_check", "Cek Kesehatan Gratis", "Free health screening (CKG)", "health", "kemenkes",
      "The national Cek Kesehatan Gratis programme (birthday health screening).",
      strong="cek kesehatan gratis, ckg, pemeriksaan kesehatan gratis, free health check",
      also=("@local",), tags=("free_health_checks",)),
    M("drug_food_safety", "Keamanan obat, makanan & kosmetik", "Safety of medicines, food and cosmetics",
      "health", "bpom",
      "Expired or unregistered medicines, processed food, cosmetics and supplements; BPOM registration.",
      strong="bpom, izin edar, badan pom, obat palsu, kosmetik ilegal, obat ilegal, kedaluwarsa, kadaluwarsa, "
             "kadaluarsa, expired, pom, registrasi bpom, krim pemutih, skincare ilegal, jamu ilegal",
      normal="kosmetik, obat sirup, suplemen, apotek, apotik, obat kuat, pengawet berbahaya, formalin, boraks, "
             "makanan kemasan, kemasan rusak, fake medicine, diet pills",
      weak="obat, krim, makanan, produk"),
    M("family_planning", "KB & keluarga", "Family planning (KB)", "health", "kemendukbangga",
      "Family-planning services (KB), contraception and family development programmes (BKKBN).",
      strong="keluarga berencana, alat kb, kb implan, kb gratis, bkkbn, pkb kb, penyuluh kb, petugas kb, "
             "kemendukbangga",
      normal="kb, kontrasepsi, implan, iud, spiral",
      also=("@local",)),
    M("narcotics", "Narkoba", "Illegal drugs", "law", "bnn",
      "Drug dealing and abuse, rehabilitation services.",
      strong="narkoba, narkotika, sabu, sabu sabu, ganja, bnn, rehabilitasi narkoba, pengedar, bandar narkoba, "
             "ekstasi, tembakau sintetis, drugs, drug dealer",
      normal="rehabilitasi, obat terlarang, pecandu, pil koplo, obat keras",
      also=("polri",)),
    # ------------------------------------------------------------------ social
    M("social_assistance", "Bantuan sosial (PKH, BPNT, DTKS)", "Social assistance (PKH, BPNT, DTKS/DTSEN)",
      "social", "kemensos",
      "Social assistance programmes: PKH, BPNT/sembako, BLT, PBI data, DTKS/DTSEN registration, "
      "Sekolah Rakyat; cuts by facilitators.",
      strong="bansos, bantuan sosial, pkh, program keluarga harapan, bpnt, dtks, dtsen, kks, kartu keluarga sejahtera, "
             "cek bansos, pendamping pkh, sembako bantuan, kemensos, sekolah rakyat, penerima bantuan, blt bbm, "
             "social assistance",
      normal="bantuan sembako, bantuan pangan, blt, tidak dapat bantuan, tidak pernah dapat bantuan, warga miskin, "
             "keluarga miskin, tidak mampu, data kemiskinan, dinsos, dinas sosial, pencairan, penerima, lansia miskin",
      weak="bantuan, miskin, sembako, lansia",
      also=("@local",), tags=("social_protection",)),
    M("social_welfare_local", "Kesejahteraan sosial daerah", "Local social welfare (homeless, neglected, ODGJ)",
      "social", LOCAL,
      "People living on the street, beggars, neglected elderly or people with mental illness (ODGJ): "
      "handled by the regency/city social office.",
      strong="odgj, gelandangan, pengemis, anak jalanan, manusia gerobak, panti sosial, orang terlantar",
      normal="terlantar, gangguan jiwa, pemulung",
      also=("kemensos",), fallback="kemensos"),
    M("child_protection", "Perlindungan anak", "Child protection", "social", "kemen-pppa",
      "Violence, sexual abuse, exploitation and neglect of children; child labour.",
      strong="kekerasan anak, kekerasan terhadap anak, pelecehan anak, pencabulan, dicabuli, cabul, "
             "kekerasan seksual anak, eksploitasi anak, pekerja anak, anak di bawah umur, perlindungan anak, kpai, "
             "uptd ppa, p2tp2a, child abuse, perdagangan anak, pernikahan dini, perkawinan anak",
      normal="kekerasan seksual, pelecehan seksual, korban anak, anak korban, dipekerjakan, putus sekolah, "
             "kemen pppa, kemenpppa",
      also=("kpai", "polri", "@local")),
    M("violence_against_women", "Kekerasan terhadap perempuan", "Violence against women", "social",
      "kemen-pppa",
      "Domestic violence (KDRT), sexual violence against women, trafficking of women.",
      strong="kdrt, kekerasan dalam rumah tangga, kekerasan terhadap perempuan, dipukul suami, komnas perempuan, "
             "perdagangan orang, tppo, domestic violence",
      normal="pendampingan korban, rumah aman, perempuan korban, dipukuli suami, dianiaya suami",
      also=("komnas-perempuan", "polri", "@local")),
    M("migrant_workers", "Pekerja migran", "Indonesian migrant workers", "labour", "kemen-p2mi",
      "Migrant workers (PMI/TKI): illegal recruitment, abuse abroad, unpaid wages, repatriation.",
      strong="pmi, tki, tkw, pekerja migran, buruh migran, bp2mi, p2mi, p3mi, pjtki, migrant worker, "
             "kerja di luar negeri, dipulangkan, calo tki",
      normal="malaysia, arab saudi, hongkong, hong kong, taiwan, kamboja, myanmar, majikan, penyalur tenaga kerja",
      also=("kemenlu", "polri")),
    M("consular", "WNI di luar negeri", "Indonesian citizens abroad (consular help)", "foreign", "kemenlu",
      "Consular help for Indonesians abroad: detention, documents, evacuation.",
      strong="kbri, kjri, konsulat, kedutaan, wni di luar negeri, embassy, consulate, kemenlu",
      normal="ditahan di luar negeri, deportasi",
      also=("kemen-p2mi",)),
    # ------------------------------------------------------------------ civil registration
    M("civil_registration", "Administrasi kependudukan (KTP, KK, akta)", "Civil registration (ID card, family card, certificates)",
      "civil_registration", LOCAL,
      "KTP-el, KK, birth and death certificates, moving residence, IKD: served by the regency/city Disdukcapil.",
      strong="ktp, e ktp, ktp el, ktp elektronik, kartu keluarga, kk, akta kelahiran, akta lahir, akta kematian, "
             "akte kelahiran, akte, akta, dukcapil, disdukcapil, capil, kependudukan, pindah domisili, "
             "surat pindah, blangko ktp, ikd, identitas kependudukan digital, kia, kartu identitas anak, nik, "
             "id card, birth certificate",
      normal="rekam ktp, perekaman, domisili, pindah datang, cetak ktp, salah nama, surat keterangan",
      fallback="kemendagri"),
    # ------------------------------------------------------------------ infrastructure
    M("road_local", "Jalan kabupaten/kota & desa", "Local roads, bridges and pavements", "infrastructure", LOCAL,
      "Damaged local roads, village roads, bridges and pavements (default for unspecified road damage).",
      strong="jalan rusak, jalan berlubang, jalan jelek, jalan hancur, jalan desa, jalan kampung, jalan kabupaten, "
             "jalan kota, jalan lingkungan, jalan gang, akses jalan, jalan menuju, jembatan putus, jembatan rusak, jembatan gantung, "
             "pothole, potholes, road damage, jalan poros desa, jalanan rusak",
      normal="berlubang, lubang, aspal, diaspal, tambal, ditambal, jembatan, trotoar, jalanan, dinas pu, pupr, "
             "dinas pupr, bergelombang, jalan penghubung, perbaikan jalan, betonisasi, pavement, road",
      weak="jalan, rusak parah, rusak berat, dalan, amblas, becek, kubangan",
      also=(), fallback="kemen-pu"),
    M("road_provincial", "Jalan provinsi", "Provincial roads", "infrastructure", PROVINCE,
      "Roads with provincial status (ruas jalan provinsi).",
      strong="jalan provinsi, ruas provinsi, ruas jalan provinsi, jalan prov, dinas pu provinsi, "
             "dinas pupr provinsi, provincial road",
      fallback="kemen-pu"),
    M("road_national", "Jalan nasional", "National roads", "infrastructure", "kemen-pu",
      "National roads and arterial routes (pantura, lintas Sumatera, trans Sulawesi...), BPJN/BBPJN.",
      strong="jalan nasional, pantura, jalur pantura, jalan lintas, jalinsum, lintas sumatera, lintas timur, "
             "lintas barat, trans sulawesi, trans kalimantan, trans papua, bpjn, bbpjn, balai jalan, "
             "balai besar jalan, national road, kementerian pu, kemen pu, jalan negara, jalan trans, trans flores, "
             "trans timor, trans nusa tenggara, trans maluku, trans halmahera, trans seram, lintas selatan, "
             "lintas tengah, jalur lintas, jalan nasional lintas, jalan arteri primer, pansela, jalur selatan jawa",
      normal="jalan poros, jalan antar kota, antar provinsi, jalan antarkota"),
    M("toll_road", "Jalan tol", "Toll roads", "infrastructure", "jasa-marga",
      "Toll roads: road conditions, tariffs, gates, rest areas and electronic payment.",
      strong="jalan tol, tol, gerbang tol, gt, rest area, tarif tol, jasa marga, toll road, toll, e toll, "
             "cipularang, cikampek, jagorawi, tol trans jawa",
      normal="km, bahu jalan",
      also=("hutama-karya", "kemen-pu")),
    M("toll_trans_sumatra", "Tol Trans Sumatera", "Trans-Sumatra toll road", "infrastructure", "hutama-karya",
      "The Trans-Sumatra toll road operated by Hutama Karya.",
      strong="tol trans sumatera, jalan tol trans sumatera, jtts, hutama karya, tol terbanggi, tol bakauheni, "
             "tol palembang, tol pekanbaru, tol medan binjai, tol kayu agung",
      also=("jasa-marga",)),
    M("water_resources", "Sungai, tanggul & irigasi", "Rivers, dykes, dams and irrigation", "infrastructure",
      "kemen-pu",
      "River basins, dykes, dams and primary irrigation (BBWS/BWS); small irrigation is local.",
      strong="bbws, bws, balai besar wilayah sungai, tanggul jebol, tanggul sungai, bendungan, waduk, "
             "normalisasi sungai, irigasi, saluran irigasi, dam, abrasi, pemecah ombak, breakwater, tanggul laut, "
             "pengaman pantai, erosi pantai, giant sea wall, eceng gondok, pendangkalan danau, revitalisasi danau, "
             "danau dangkal, sungai dangkal, luapan sungai, kali meluap, sungai meluap, normalisasi kali, "
             "pengerukan sungai, talud sungai, turap sungai, embung",
      normal="tanggul, bendung, sawah kering, pintu air, danau, pendangkalan, normalisasi, bantaran sungai, "
             "bantaran kali, talud, turap, sempadan sungai, coastal erosion",
      also=("@local", "bnpb", "kementan")),
    M("street_lights", "Lampu penerangan jalan (PJU)", "Street lighting", "infrastructure", LOCAL,
      "Public street lighting (PJU/LPJU) maintained by the regency/city.",
      strong="pju, lpju, lampu jalan, penerangan jalan, lampu penerangan jalan, street light, street lights, "
             "streetlight",
      normal="lampu mati, jalan gelap, gelap gulita",
      fallback="kemendagri"),
    M("drainage", "Drainase & genangan", "Drainage and local flooding", "infrastructure", LOCAL,
      "Drains, gutters and culverts, local flooding and standing water.",
      strong="drainase, selokan, gorong gorong, saluran air, got mampet, saluran mampet, genangan, banjir rob, "
             "drainage, clogged drain",
      normal="got, parit, mampet, tersumbat, banjir, tergenang, meluap, sedimentasi, dikeruk, pompa air, rob, "
             "flooding, flood",
      weak="hujan deras, air masuk rumah, hujan",
      fallback="kemen-pu"),
    M("housing", "Perumahan & bantuan rumah", "Housing and home-improvement aid", "infrastructure", "kemen-pkp",
      "Subsidised housing (FLPP), home renovation aid (RTLH/BSPS, bedah rumah), slum upgrading, "
      "the 3 million homes programme.",
      strong="rumah subsidi, flpp, rtlh, rumah tidak layak huni, bedah rumah, bsps, program 3 juta rumah, "
             "perumahan subsidi, kemen pkp, subsidised housing",
      normal="developer, pengembang, rumah tapak, kpr subsidi, bantuan rumah",
      also=("btn", "@local"), tags=("three_million_homes",)),
    M("building_permit", "Izin bangunan & tata ruang daerah", "Building permits and local zoning", "infrastructure",
      LOCAL,
      "PBG/IMB, SLF, SIMBG, buildings violating zoning or setback rules.",
      strong="pbg, imb, persetujuan bangunan gedung, simbg, slf, izin mendirikan bangunan, izin bangunan, "
             "building permit, rtrw, rdtr, tata ruang, alih fungsi lahan, alih fungsi sawah, tanpa izin bangunan",
      normal="bangunan liar, garis sempadan, krk, ruko, tidak punya izin, tanpa izin, diuruk",
      also=("kemen-atr-bpn",)),
    M("public_facilities", "Fasilitas umum & damkar", "Public facilities, parks and fire services", "infrastructure",
      LOCAL,
      "Parks, green spaces, playgrounds, public toilets, trees on public land, fire brigade (damkar).",
      strong="taman kota, ruang terbuka hijau, rth, taman bermain, damkar, pemadam kebakaran, pohon tumbang, "
             "fasilitas umum, fasum, alun alun, toilet umum, jalur sepeda, pedestrian",
      normal="taman, pohon, kebakaran, ranting, playground, park",
      fallback="kemendagri"),
    # ------------------------------------------------------------------ local services & order
    M("waste", "Sampah", "Waste collection", "environment", LOCAL,
      "Household waste collection, TPS/TPA, waste trucks, littering: the regency/city environment office.",
      strong="sampah, tps, tpa, truk sampah, tempat pembuangan sampah, bak sampah, tong sampah, depo sampah, "
             "bank sampah, garbage, trash, rubbish, waste collection, dlh, dinas lingkungan hidup",
      normal="diangkut, pengangkutan, bau busuk, lalat, buang sampah, tpst, plastik",
      weak="bau, kotor, kumuh",
      also=("kemen-lh",), fallback="kemen-lh"),
    M("water_pdam", "Air minum PDAM", "Piped drinking water (PDAM)", "utilities", LOCAL,
      "Regional water utilities (PDAM/Perumda Air Minum): outages, quality, bills and meters.",
      strong="pdam, perumda air, perumda air minum, air pdam, air pam, pam, tirta, air bersih, "
             "air mati, air tidak mengalir, meteran air, tagihan air, tap water, water supply, spam, "
             "air ledeng, air leding, air tidak keluar, air pdam mati, perumdam, pamsimas, sambungan air",
      normal="mengalir, keruh, air keruh, air minum, krisis air, sumur, mobil tangki air, air tangki",
      weak="air",
      fallback="kemen-pu"),
    M("markets", "Pasar tradisional", "Traditional markets", "economy", LOCAL,
      "Public markets run by the regency/city: buildings, cleanliness, stalls and market levies.",
      strong="pasar tradisional, pasar induk, revitalisasi pasar, retribusi pasar, los pasar, kios pasar, "
             "dinas perdagangan, disperindag, pedagang pasar",
      normal="pasar, pedagang, los, kios, lapak",
      fallback="kemendag"),
    M("public_order", "Ketertiban umum (Satpol PP)", "Public order (Satpol PP)", "governance", LOCAL,
      "Street vendors on pavements, illegal buildings, noisy entertainment venues, stray animals, "
      "local regulation (perda) enforcement.",
      strong="satpol pp, pkl, pedagang kaki lima, penertiban, tempat hiburan malam, karaoke, perda, anjing liar, "
             "street vendors",
      normal="bising, berisik, kebisingan, makan badan jalan, trotoar dipakai, lapak liar, rabies, miras, "
             "tempat hiburan, diskotik, ketertiban",
      fallback="kemendagri"),
    M("local_transport", "Transportasi & lalu lintas daerah", "Local transport, traffic and parking", "transport",
      LOCAL,
      "Angkot and local bus routes, terminals, parking and illegal parking attendants, traffic lights, "
      "Dishub matters.",
      strong="angkot, angkutan kota, dishub, dinas perhubungan, parkir liar, juru parkir, tukang parkir, jukir, "
             "lampu merah, lampu lalu lintas, traffic light, apill, terminal bus, halte, trayek, ngetem, "
             "transjakarta, bus kota, uji kir, kir kendaraan, pompong, speedboat, perahu motor, klotok, kelotok, "
             "perahu penyeberangan, kapal antar pulau",
      normal="parkir, macet, kemacetan, terminal, perempatan, angkutan umum, ojek, "
             "transportasi umum, public transport",
      weak="kapal, perahu",
      also=("kemenhub",), fallback="kemenhub"),
    M("local_tax", "Pajak daerah (PBB, BPHTB)", "Local taxes (land and building tax, BPHTB)", "finance", LOCAL,
      "PBB-P2, BPHTB, restaurant/hotel/advertising taxes and local levies (Bapenda).",
      strong="pbb, pbb p2, pajak bumi, pajak bumi dan bangunan, bphtb, sppt, njop, bapenda, pajak restoran, "
             "pajak reklame, pajak hotel, retribusi, property tax",
      normal="tagihan pbb, pajak rumah, pajak tanah",
      fallback="kemendagri"),
    M("vehicle_tax", "Pajak kendaraan (Samsat)", "Vehicle tax at Samsat (PKB/BBNKB)", "finance", PROVINCE,
      "Annual motor-vehicle tax (PKB), transfer fee (BBNKB), Samsat services, tax amnesty (pemutihan).",
      strong="samsat, pkb, bbnkb, pajak kendaraan, pajak motor, pajak mobil, balik nama kendaraan, pemutihan pajak, "
             "e samsat, samsat keliling, pajak stnk, vehicle tax, bapenda provinsi",
      normal="perpanjang stnk, stnk 5 tahunan, denda pajak, plat nomor",
      also=("polri",), fallback="kemendagri"),
    M("local_civil_servants", "Pelayanan & aparatur pemerintah daerah", "Local government services and staff conduct",
      "governance", LOCAL,
      "Conduct and service of regency/city staff (kelurahan, kecamatan, dinas), levies (pungli) at local offices, "
      "misuse of local government assets.",
      strong="kelurahan, kantor kelurahan, lurah, camat, kantor kecamatan, pegawai pemda, asn pemda, pns pemda, "
             "pemkab, pemkot, pemda, bupati, walikota, wali kota, mobil dinas, kendaraan dinas, plat merah, "
             "pungli kelurahan, surat pengantar, mal pelayanan publik, mpp, inspektorat",
      normal="gaji pppk, gaji asn, gaji pns, tpp, tambahan penghasilan pegawai, pungli, pungutan liar, pegawai dinas, asn, pns, aparatur, pelayanan lambat, tidak ramah, bolos, "
             "jam kerja, petugas, kantor dinas, dinas, aset daerah, rt rw, ketua rt",
      weak="pelayanan, kantor, pegawai, surat",
      fallback="kemendagri"),
    M("village_governance", "Pemerintahan desa & dana desa", "Village government and village funds", "governance",
      LOCAL,
      "Village heads and officials, Dana Desa and ADD use, BLT-DD, BUMDes, village budgets (APBDes). "
      "Supervised by the regency (Inspektorat, DPMD).",
      strong="dana desa, kepala desa, kades, perangkat desa, blt dd, blt dana desa, bumdes, apbdes, add, "
             "alokasi dana desa, sekdes, musdes, tanah kas desa, village fund, village head",
      normal="desa, balai desa, pemdes, pemerintah desa, bpd, kantor desa",
      also=("kemendes-pdt", "@province"), fallback="kemendes-pdt"),
    M("business_licensing", "Perizinan usaha OSS", "Business licensing (OSS, NIB)", "economy", "kemen-investasi",
      "Risk-based business licensing through OSS: NIB, KBLI, licence issuance.",
      strong="oss, nib, kbli, oss rba, perizinan berusaha, nomor induk berusaha, bkpm, izin usaha, business license",
      normal="perizinan, izin",
      also=("@local",)),
    M("cooperatives", "Koperasi", "Cooperatives", "economy", "kemenkop",
      "Cooperatives, savings-and-loan cooperatives (KSP) that fail to pay, Koperasi Desa Merah Putih.",
      strong="koperasi, koperasi simpan pinjam, ksp, koperasi desa merah putih, kopdes, kemenkop, cooperative",
      normal="anggota koperasi, pengurus koperasi",
      also=("ojk", "polri"), tags=("village_cooperatives",)),
    M("msme", "UMKM", "Micro and small enterprises", "economy", "kemen-umkm",
      "Support for micro and small businesses.",
      strong="umkm, usaha mikro, pelaku usaha kecil, kementerian umkm",
      normal="usaha kecil, modal usaha"),
    # ------------------------------------------------------------------ utilities & SOEs
    M("electricity", "Listrik PLN", "Electricity (PLN)", "utilities", "pln",
      "Power cuts, prepaid tokens, meters, new connections, bills and network safety.",
      strong="pln, listrik, mati listrik, listrik padam, pemadaman, token listrik, kwh, meteran listrik, "
             "tagihan listrik, byar pet, tiang listrik, kabel listrik, trafo, gardu, electricity, power outage, "
             "power cut, pln mobile, pasang baru listrik",
      normal="padam, mati lampu, token, daya, voltase, tegangan, pembangkit, no electricity",
      weak="lampu"),
    M("fuel_lpg", "BBM & LPG", "Fuel and LPG (Pertamina)", "utilities", "pertamina",
      "Fuel stations (SPBU), subsidised fuel (Pertalite, Solar), LPG 3 kg supply and prices.",
      strong="pertamina, spbu, bbm, pertalite, pertamax, solar subsidi, lpg, elpiji, gas melon, gas 3 kg, "
             "lpg 3 kg, gas lpg, pangkalan gas, agen gas, tabung gas, bensin, fuel station, petrol",
      normal="gas, solar, takaran, antre bbm, antrean bbm, pangkalan, pengecer gas, mypertamina, 3 kg",
      also=("bph-migas",)),
    M("piped_gas", "Gas bumi PGN", "Piped natural gas (PGN)", "utilities", "pgn",
      "Household piped gas connections and bills.",
      strong="pgn, gas alam, jargas, jaringan gas, gas pipa, piped gas"),
    M("mobile_network", "Sinyal & jaringan seluler", "Mobile network coverage", "communication", "komdigi",
      "Mobile signal, blank-spot areas (BTS), data packages; the regulator Komdigi handles coverage, a named "
      "operator (Telkomsel) handles its own service.",
      strong="sinyal hp, tower, bts, blank spot, kuota internet, paket data, mobile signal, no signal, "
             "jaringan seluler, tidak ada sinyal, sinyal hilang",
      normal="sinyal, jaringan, internet lemot, pulsa, kuota, operator",
      also=("telkomsel",)),
    M("telkomsel_service", "Layanan Telkomsel", "Telkomsel mobile service", "communication", "telkomsel",
      "Telkomsel's own mobile, data and billing service (simPATI, Kartu As, by.U).",
      strong="telkomsel, simpati, kartu as, by u, mytelkomsel, tsel",
      also=("komdigi",)),
    M("mobile_other_operator", "Operator seluler lain", "Other mobile operators (XL, Indosat, Tri, Smartfren)",
      "communication", "komdigi",
      "Mobile operators that are not state-owned: complaints go to the regulator, Komdigi.",
      strong="xl, axis, indosat, im3, tri, smartfren, xl axiata, indosat ooredoo"),
    M("home_internet", "Internet rumah (IndiHome/Telkom)", "Home internet (IndiHome / Telkom)", "communication",
      "telkom",
      "Fixed broadband IndiHome, Telkom landlines and WiFi.",
      strong="indihome, telkom, wifi id, internet rumah, telepon rumah, myindihome, home internet, fiber",
      normal="wifi, modem, teknisi, gangguan internet",
      also=("telkomsel",)),
    M("online_content", "Konten internet, judi online & hoaks", "Online gambling, scams, hoaxes and data misuse",
      "communication", "komdigi",
      "Online gambling, hoaxes, impersonation accounts, illegal content, personal data leaks, SIM registration.",
      strong="judi online, judol, slot online, hoaks, hoax, konten negatif, blokir situs, data pribadi, "
             "kebocoran data, data bocor, akun palsu, komdigi, kominfo, penipuan online, online gambling, "
             "registrasi kartu, phishing, apk undangan",
      normal="situs, website, medsos, media sosial, akun, konten, diblokir, slot, penipuan",
      weak="aplikasi",
      also=("polri", "ojk")),
    M("illegal_lending", "Pinjol & rentenir online", "Online lending (pinjol)", "finance", "ojk",
      "Illegal and registered online lenders, abusive debt collection, personal data misuse by lenders.",
      strong="pinjol, pinjaman online, pinjol ilegal, fintech, dc pinjol, debt collector pinjol, paylater, "
             "online loan, loan app",
      normal="teror penagihan, debt collector, penagih, galbay, gagal bayar, bunga tinggi, menagih, tagihan pinjaman, "
             "aplikasi pinjaman, sebar data, menyebar data, pinjaman, ditagih",
      also=("polri", "komdigi")),
    M("banking", "Layanan perbankan", "Banking services", "finance", "ojk",
      "Bank accounts, ATMs, transfers, mobile banking, fraud in accounts; the named state bank handles it first.",
      strong="rekening, atm, mobile banking, kpr, kredit rumah, kredit pemilikan rumah, pelunasan kpr, m banking, transfer bank, kartu atm, kartu kredit, "
             "bank account, tabungan",
      normal="saldo, bank, terdebet, teller, customer service, cs bank, skimming, kredit",
      also=("bri", "bni", "mandiri", "btn", "bsi")),
    M("kur_credit", "Kredit Usaha Rakyat (KUR)", "People's business credit (KUR)", "finance", "bri",
      "KUR micro-credit applications, collateral demands and rejections (BRI is the largest KUR bank; "
      "a named bank takes precedence).",
      strong="kur, kredit usaha rakyat", normal="agunan, jaminan, pinjaman usaha, plafon",
      also=("bni", "mandiri", "bsi", "btn", "ojk", "kemenko-perekonomian", "kemen-umkm")),
    M("insurance_finance", "Asuransi, leasing & jasa keuangan", "Insurance, leasing and financial services",
      "finance", "ojk",
      "Insurance claims, leasing and multi-finance companies, debt collectors, investments.",
      strong="asuransi, leasing, polis, klaim asuransi, multifinance, perusahaan pembiayaan, ojk, "
             "investasi bodong, robot trading, insurance, otoritas jasa keuangan",
      normal="debt collector, tarik motor, kredit motor, cicilan, klaim ditolak, premi",
      also=("polri",)),
    M("pawn", "Pegadaian", "Pawn services (Pegadaian)", "finance", "pegadaian",
      "Pawn loans, gold savings and auctions at Pegadaian.",
      strong="pegadaian, gadai, gadai emas, tabungan emas", also=("ojk",)),
    M("pnm_mekaar", "PNM Mekaar", "PNM Mekaar micro-loans", "finance", "pnm",
      "Mekaar group loans for women micro-entrepreneurs.",
      strong="mekaar, pnm, ulamm", also=("ojk",)),
    M("currency_payments", "Uang rupiah & sistem pembayaran", "Currency and payment systems", "finance", "bi",
      "Counterfeit money, worn notes, QRIS and payment-system problems.",
      strong="uang palsu, qris, bank indonesia, uang lusuh, penukaran uang, uang rusak, counterfeit",
      normal="uang kembalian, e money, uang elektronik, dompet digital",
      also=("ojk", "polri")),
    M("deposit_insurance", "Penjaminan simpanan", "Deposit insurance (LPS)", "finance", "lps",
      "Depositor claims when a bank or BPR is closed.",
      strong="lps, penjaminan simpanan, bpr ditutup, bank ditutup, klaim simpanan, lembaga penjamin simpanan"),
    M("income_tax", "Pajak pusat (PPh, NPWP, Coretax)", "National taxes (income tax, NPWP, Coretax)", "finance",
      "kemenkeu",
      "Income tax and VAT, NPWP, SPT filing, Coretax, tax offices (KPP) of the Directorate General of Taxes.",
      strong="pph, pph 21, npwp, spt, spt tahunan, coretax, djp, direktorat jenderal pajak, kpp, "
             "kantor pajak, pajak penghasilan, ppn, efin, e filing, income tax, tax office",
      normal="kurang bayar, lebih bayar, bukti potong, wajib pajak, konsultan pajak",
      weak="pajak, tax"),
    M("customs", "Bea cukai", "Customs and excise", "finance", "kemenkeu",
      "Import duties on parcels, customs inspections, excise (cukai) and seized goods.",
      strong="bea cukai, bea masuk, cukai, customs, kepabeanan, barang kiriman luar negeri, paket impor, "
             "rokok ilegal, barang impor ditahan, impor",
      normal="ditahan bea, paket dari luar negeri, kiriman dari luar negeri, pajak impor, luar negeri"),
    M("civil_service_pension", "Pensiun ASN (Taspen)", "Civil servant pensions (Taspen)", "labour", "taspen",
      "Civil-servant pensions, old-age savings (THT) and Taspen services.",
      strong="taspen, pensiun pns, pensiunan pns, tabungan hari tua pns, tht taspen, uang pensiun, pensiunan asn",
      normal="pensiun, pensiunan, janda pensiunan",
      also=("bkn",)),
    M("military_pension", "Asabri", "Military and police pensions (Asabri)", "labour", "asabri",
      "Pensions and insurance of soldiers, police officers and defence civil servants.",
      strong="asabri, pensiunan tni, pensiunan polri"),
    M("accident_insurance", "Santunan kecelakaan (Jasa Raharja)", "Traffic-accident compensation (Jasa Raharja)",
      "finance", "jasa-raharja",
      "Compensation for victims of road and public-transport accidents.",
      strong="jasa raharja, santunan kecelakaan, korban kecelakaan, swdkllj",
      normal="santunan, tabrak lari, korban tabrakan"),
    # ------------------------------------------------------------------ transport
    M("train", "Kereta api & KRL", "Trains, KRL commuter and LRT", "transport", "kai",
      "Long-distance and commuter trains (KRL), LRT, high-speed rail, tickets, refunds, stations.",
      strong="kereta, kereta api, krl, commuter line, kai, kai access, lrt, stasiun, tiket kereta, whoosh, "
             "kereta cepat, train, railway, kai commuter, perlintasan kereta, rel",
      normal="gerbong, peron, jalur kereta, masinis, kondektur, perlintasan",
      also=("kemenhub",)),
    M("ferry", "Kapal penyeberangan (ASDP)", "Ferry crossings (ASDP)", "transport", "asdp",
      "Ferry crossings and terminals (Merak-Bakauheni, Ketapang-Gilimanuk...), tickets and queues.",
      strong="asdp, ferry, feri, kapal feri, penyeberangan, merak, bakauheni, ketapang, gilimanuk, ferizy, "
             "kapal ferry, pelabuhan penyeberangan, ro ro",
      normal="dermaga, kapal, tiket kapal",
      also=("kemenhub",)),
    M("sea_passenger", "Kapal Pelni", "Passenger ships (Pelni)", "transport", "pelni",
      "Pelni passenger ships: tickets, schedules, on-board services.",
      strong="pelni, kapal pelni, km kelud, km sinabung, km dobonsolo, km ciremai, km labobar, km lambelu, "
             "km bukit siguntang, km nggapulu, km tidar, km ngapulu, kapal penumpang",
      normal="kapal laut, km, tiket kapal, penumpang kapal",
      also=("kemenhub",)),
    M("port", "Pelabuhan", "Seaports (Pelindo)", "transport", "pelindo",
      "Seaports and terminals managed by Pelindo, port services and touts.",
      strong="pelindo, pelabuhan, tanjung perak, tanjung priok port, terminal penumpang pelabuhan, bongkar muat, "
             "peti kemas, container, seaport, port",
      normal="calo tiket, dermaga",
      also=("pelni", "kemenhub")),
    M("airport", "Bandara", "Airports", "transport", "angkasa-pura",
      "Airports run by InJourney/Angkasa Pura: terminals, toilets, queues, airport facilities.",
      strong="bandara, bandar udara, airport, terminal bandara, angkasa pura, injourney, soekarno hatta, soetta, "
             "juanda, ngurah rai, kualanamu, hasanuddin, yia, sultan hasanuddin, halim, sam ratulangi, sepinggan, "
             "sultan aji muhammad sulaiman, syamsudin noor, syamsuddin noor, supadio, pattimura, el tari, "
             "zainuddin abdul madjid, bandara lombok, bandara sentani, frans kaisiepo, sultan babullah, "
             "domine eduard osok, mutiara sis al jufri, haluoleo, halu oleo, tjilik riwut, juwata, komodo airport, "
             "bandara komodo, djalaluddin, mozes kilangin, bandara mopah, bandara wamena",
      normal="terminal keberangkatan, terminal kedatangan, garbarata, bagasi bandara",
      also=("kemenhub",)),
    M("aviation", "Penerbangan & maskapai", "Airlines and flights", "transport", "kemenhub",
      "Flight delays, cancellations, refunds and lost baggage (Garuda handled by Garuda itself).",
      strong="maskapai, pesawat, penerbangan, delay, lion air, batik air, citilink, wings air, super air jet, "
             "airasia, airline, flight, flight delay",
      normal="bagasi, koper, refund tiket pesawat, tiket pesawat, jadwal penerbangan, baggage",
      also=("garuda",)),
    M("garuda_airline", "Garuda Indonesia", "Garuda Indonesia flights", "transport", "garuda",
      "Flights, tickets, delays, refunds and baggage on Garuda Indonesia.",
      strong="garuda, garuda indonesia", also=("kemenhub",)),
    M("bus_transport", "Bus Damri", "Damri buses", "transport", "damri",
      "Damri city, intercity, airport and pioneer bus services.",
      strong="damri, bus damri, bus perintis",
      also=("kemenhub",)),
    M("transport_provincial", "Angkutan antar kabupaten/kota dalam provinsi (AKDP)",
      "Transport between regencies/cities of one province (AKDP, inter-regency boats)", "transport", PROVINCE,
      "Intercity buses within a province (AKDP), terminal type B, crossings and boats between regencies of one "
      "province, and the provincial transport office (Dishub provinsi) (UU 23/2014 annex, transport).",
      strong="akdp, antar kota dalam provinsi, antarkota dalam provinsi, bus antar kabupaten, angkutan antar kabupaten, "
             "antar kabupaten, antarkabupaten, antar kabupaten kota, lintas kabupaten, dishub provinsi, "
             "dinas perhubungan provinsi, terminal tipe b, terminal type b, trans jatim, transjatim, trans jateng, "
             "transjateng, trans sumbar, trans kalsel, trans banjarbakula, trans sulsel, trans mamminasata",
      normal="antar kota, antarkota, antar pulau, bus antar kota, travel antar kota",
      also=("kemenhub",), fallback="kemenhub"),
    M("fisheries_provincial", "Perikanan tangkap s.d. 12 mil (kewenangan provinsi)",
      "Capture fisheries within 12 nautical miles (provincial)", "agriculture", PROVINCE,
      "Fishing business and capture licences for vessels up to 30 GT, the sea up to 12 nautical miles and the "
      "provincial marine and fisheries office (DKP provinsi) (UU 23/2014 annex, marine and fisheries).",
      strong="dkp provinsi, dinas kelautan dan perikanan provinsi, dinas kelautan perikanan provinsi, "
             "dinas perikanan provinsi, dinas kelautan provinsi, 12 mil, 4 12 mil, 12 mil laut, izin provinsi, "
             "jalur penangkapan",
      normal="sipi, siup, siupi, izin kapal ikan, izin penangkapan, izin tangkap, izin kapal perikanan, "
             "kapal dibawah 30 gt, wilayah tangkap",
      also=("kkp",), fallback="kkp"),
    M("transport_regulation", "Regulasi transportasi", "Transport regulation (Kemenhub)", "transport", "kemenhub",
      "Overloaded trucks (ODOL), weighbridges, intercity bus (AKAP) licensing, transport safety.",
      strong="odol, over dimensi, over muatan, kelebihan muatan, jembatan timbang, uppkb, akap, bus akap, "
             "kemenhub, kementerian perhubungan, tarif ojol, aplikator ojol, potongan aplikator, kapal perintis, tol laut, "
             "angkutan laut perintis, subsidi angkutan laut, kapal ternak, jembatan timbang, syahbandar, ksop",
      normal="truk, truk besar, angkutan barang, keselamatan transportasi, po bus, travel gelap, ojol, ojek online"),
    M("post", "Pos Indonesia", "Postal services (Pos Indonesia)", "transport", "pos-indonesia",
      "Letters and parcels sent by Pos Indonesia, money transfers and aid paid at post offices.",
      strong="pos indonesia, kantor pos, kiriman pos, paket pos, wesel, postal, post office",
      normal="pos, resi, tracking, paket, kiriman, kurir"),
    # ------------------------------------------------------------------ law and security
    M("police_crime", "Kepolisian & tindak pidana", "Police and crime", "law", "polri",
      "Crime reports (theft, fraud, assault), police follow-up, SKCK, public order disturbances, police misconduct.",
      strong="polisi, polsek, polres, polda, polri, kepolisian, laporan polisi, penyidik, reskrim, skck, "
             "pencurian, dicuri, maling, begal, perampokan, penipuan, penganiayaan, pembunuhan, tawuran, "
             "balap liar, premanisme, preman, pengeroyokan, police, theft, robbery, stolen, sabung ayam, togel, "
             "judi dadu, perjudian, judi kartu, arena judi, memalak, dipalak, pemalakan, mabuk mabukan, izin keramaian",
      normal="kriminal, kejahatan, pelaku, korban, laporan kehilangan, hilang, diancam, ancaman, pemerasan, "
             "patroli, bhabinkamtibmas, provos, propam, polwan, brimob, aparat, ditangkap, judi",
      weak="lapor, melapor, laporan, pos ronda, pos kamling, pos satpam, ribut, mabuk",
      also=()),
    M("traffic_police", "Lalu lintas, SIM & tilang", "Traffic police, driving licences and tickets", "law", "polri",
      "Driving licences (SIM), traffic tickets (tilang, ETLE), traffic police conduct, STNK and number plates.",
      strong="sim, sim a, sim c, satpas, tilang, etle, polantas, polisi lalu lintas, satlantas, uang damai, "
             "surat tilang, bikin sim, ujian sim, perpanjang sim, driving licence, driving license, traffic ticket, "
             "traffic police, stnk, tnkb, bpkb",
      normal="razia, ditilang, lalu lintas, helm, spion, checkpoint, ticket",
      also=("kemenhub",)),
    M("corruption", "Korupsi", "Corruption", "law", "kpk",
      "Corruption, bribery, kickbacks and gratification by state officials.",
      strong="korupsi, kpk, suap, gratifikasi, fee proyek, mark up, markup, penyalahgunaan anggaran, "
             "komisi pemberantasan korupsi, corruption, bribery, kickback",
      normal="proyek fiktif, memperkaya diri, uang negara, fee, kontraktor, anggaran",
      also=("kejagung", "polri", "bpkp")),
    M("prosecutors", "Kejaksaan", "Prosecutors", "law", "kejagung",
      "Prosecutors' conduct, prosecutions, execution of rulings.",
      strong="jaksa, kejaksaan, kejari, kejati, kejagung, tuntutan, prosecutor"),
    M("courts", "Pengadilan", "Courts", "law", "mahkamah-agung",
      "Court administration: delays, registrars, fees, court touts; religious courts (cerai).",
      strong="pengadilan, pengadilan negeri, pengadilan agama, pengadilan tinggi, mahkamah agung, panitera, "
             "sidang, ecourt, e court, putusan, gugatan, court",
      normal="perkara, perdata, cerai, perceraian, eksekusi putusan, banding, kasasi",
      also=("komisi-yudisial",)),
    M("judicial_ethics", "Etik hakim", "Judges' ethics", "law", "komisi-yudisial",
      "Reports about the ethics and conduct of judges.",
      strong="komisi yudisial, etik hakim, hakim, perilaku hakim, judge",
      normal="tidak netral, berpihak",
      also=("mahkamah-agung",)),
    M("prisons", "Lapas & rutan", "Prisons and detention centres", "law", "kemenimipas",
      "Prisons (lapas), detention centres (rutan), inmates' treatment, visits and levies.",
      strong="lapas, rutan, lembaga pemasyarakatan, napi, narapidana, sipir, tahanan, warga binaan, besuk, "
             "remisi, pembebasan bersyarat, prison, inmate, bapas",
      normal="penjara, kunjungan tahanan, dipenjara"),
    M("immigration", "Imigrasi (paspor, visa)", "Immigration (passports, visas)", "law", "kemenimipas",
      "Passports, visas, residence permits (KITAS), immigration offices and touts.",
      strong="paspor, imigrasi, kantor imigrasi, visa, kitas, kitap, m paspor, passport, immigration, "
             "visa on arrival, e visa",
      normal="wawancara paspor, calo paspor, deportasi, orang asing, wna"),
    M("military", "TNI", "Military conduct", "law", "tni",
      "Conduct of soldiers, military land disputes and military activities affecting citizens.",
      strong="tni, tentara, oknum tni, kodim, koramil, babinsa, kodam, denpom, polisi militer, soldier, "
             "military, marinir, tni au, tni al, lanud, lanal",
      normal="oknum tentara, prajurit",
      also=("kemhan",)),
    M("human_rights", "Hak asasi manusia", "Human rights", "law", "komnas-ham",
      "Human-rights violations by state actors, criminalisation, excessive force.",
      strong="ham, hak asasi, pelanggaran ham, komnas ham, kriminalisasi, human rights, penyiksaan",
      normal="dipukuli aparat, represif, demo, unjuk rasa, penangkapan sewenang wenang, intimidasi",
      also=("kemenham", "polri")),
    M("legal_services", "Layanan hukum (notaris, badan hukum, HKI)", "Legal services (notaries, legal entities, IP)",
      "law", "kemenkum",
      "Company/foundation registration (AHU), notaries, fiduciary, citizenship, trademarks and IP, legal aid.",
      strong="ahu, notaris, badan hukum, fidusia, merek dagang, hki, haki, paten, hak cipta, kewarganegaraan, "
             "bantuan hukum, posbakum, pt perorangan, kemenkum, kemenkumham, trademark",
      normal="pendaftaran merek, yayasan, akta notaris"),
    M("witness_protection", "Perlindungan saksi & korban", "Witness and victim protection", "law", "lpsk",
      "Protection and compensation for witnesses and victims of crime.",
      strong="lpsk, perlindungan saksi, saksi korban, restitusi, justice collaborator"),
    # ------------------------------------------------------------------ land
    M("land_certificate", "Sertifikat tanah & PTSL", "Land certificates and registration (PTSL)", "land",
      "kemen-atr-bpn",
      "Land certificates, PTSL systematic registration, measurement, land-office (BPN) services and levies.",
      strong="sertifikat tanah, sertipikat, sertifikat, ptsl, prona, bpn, kantor pertanahan, atr bpn, atr, "
             "badan pertanahan, pengukuran tanah, balik nama sertifikat, land certificate, land office, "
             "sertifikat elektronik, roya, hak milik, shm, ajb",
      normal="tanah, pengukuran, bidang tanah, girik, letter c, ppat, warkah, redistribusi tanah, reforma agraria",
      also=("@local",), tags=("agrarian_reform",)),
    M("land_dispute", "Sengketa & konflik tanah", "Land disputes and conflicts", "land", "kemen-atr-bpn",
      "Land disputes, double certificates, land mafia, customary land and HGU conflicts.",
      strong="sengketa tanah, mafia tanah, konflik agraria, konflik lahan, sertifikat ganda, hgu, tanah adat, "
             "tanah ulayat, penyerobotan tanah, diserobot, land dispute, land grab, ganti rugi lahan, "
             "pembebasan lahan, eks hgu",
      normal="sengketa, lahan, klaim lahan, tanah warisan, digusur, penggusuran, diusir",
      also=("polri", "komnas-ham", "ptpn", "perhutani", "@local"), tags=("agrarian_reform",)),
    M("transmigration", "Transmigrasi", "Transmigration", "land", "kementrans",
      "Transmigration settlements, land for transmigrants (LU1/LU2) and their certificates.",
      strong="transmigrasi, transmigran, upt transmigrasi, kementrans, lahan usaha 2, lahan usaha 1",
      also=("kemen-atr-bpn",), tags=("agrarian_reform",)),
    M("plantation_soe_land", "Lahan PTPN/Perhutani", "PTPN and Perhutani land", "land", "ptpn",
      "State plantation (PTPN) land use and partnerships with communities.",
      strong="ptpn, perkebunan nusantara, kebun ptpn",
      also=("kemen-atr-bpn",), tags=("agrarian_reform",)),
    M("perhutani", "Perhutani", "Perhutani state forest (Java)", "environment", "perhutani",
      "State forest land in Java managed by Perhutani and disputes with communities.",
      strong="perhutani, lmdh, tanah perhutani, hutan perhutani",
      also=("kemenhut",)),
    # ------------------------------------------------------------------ agriculture, food, environment
    M("fertiliser", "Pupuk bersubsidi", "Subsidised fertiliser", "agriculture", "pupuk-indonesia",
      "Subsidised fertiliser supply at retail kiosks, quotas (e-RDKK), Kartu Tani.",
      strong="pupuk, pupuk subsidi, pupuk bersubsidi, urea, npk, phonska, kios pupuk, rdkk, e rdkk, kartu tani, "
             "pupuk indonesia, fertiliser, fertilizer",
      normal="kios, alokasi pupuk, kuota pupuk, petani",
      also=("kementan",), tags=("food_self_sufficiency",)),
    M("agriculture", "Pertanian & peternakan", "Agriculture and livestock", "agriculture", "kementan",
      "Farm machinery aid (alsintan), seeds, extension workers, crop failure, livestock disease (PMK, LSD).",
      strong="alsintan, traktor, benih, bibit, penyuluh pertanian, ppl, kelompok tani, poktan, gapoktan, pmk, "
             "penyakit mulut dan kuku, lsd, kementan, kementerian pertanian, hewan kurban, sapi kurban, dinas peternakan, "
             "dinas pertanian, asuransi pertanian, gagal panen, "
             "hama, farmer, farmers",
      normal="petani, sawah, panen, ternak, sapi, kambing, pertanian, peternak, vaksin ternak, kebun, jagung, padi",
      also=("@local",), tags=("food_self_sufficiency",)),
    M("rice_food_stock", "Beras & stok pangan (Bulog)", "Rice and government food stocks (Bulog)", "agriculture",
      "bulog",
      "Bulog rice (SPHP), government rice aid, market operations and stocks.",
      strong="bulog, beras sphp, sphp, operasi pasar, cadangan beras, bantuan beras, beras bulog, beras oplosan, "
             "gudang bulog, rice",
      normal="beras, stok beras, harga beras, gabah",
      also=("bapanas",), tags=("food_self_sufficiency",)),
    M("food_prices", "Harga & pasokan bahan pokok", "Prices and supply of staple goods", "economy", "kemendag",
      "Prices above the ceiling (HET), scarcity of cooking oil and staples, weights and measures.",
      strong="minyakita, het, harga eceran tertinggi, minyak goreng, harga cabai, harga cabe, harga bawang, "
             "harga telur, harga gula, kelangkaan, harga pangan, kemendag, kementerian perdagangan, bapanas, "
             "badan pangan, food prices",
      normal="harga naik, mahal, langka, harga melonjak, timbangan, stabilkan harga, cabai, cabe, bawang, telur, "
             "gula, kedelai, tahu tempe",
      also=("bapanas", "@local")),
    M("consumer_protection", "Perlindungan konsumen", "Consumer protection", "economy", "bpkn",
      "Goods not as advertised, online marketplaces, unfair terms, refunds refused.",
      strong="perlindungan konsumen, konsumen dirugikan, marketplace, e commerce, toko online, belanja online, "
             "barang tidak sesuai, bpkn, bpsk, ylki, shopee, tokopedia, lazada, consumer",
      normal="penjual, refund, garansi, barang palsu, cod, online shop, seller",
      also=("kemendag", "komdigi", "polri")),
    M("fisheries", "Perikanan & nelayan", "Fisheries and fishers", "agriculture", "kkp",
      "Fishers' aid (boats, gear), fishing permits, fish-theft by foreign vessels, fishers' fuel, aquaculture.",
      strong="nelayan, kkp, kementerian kelautan, kapal nelayan, alat tangkap, melaut, spbun, solar nelayan, "
             "illegal fishing, pencurian ikan, kapal asing, budidaya ikan, tambak, rumpon, kusuka, fisherman, "
             "fishermen, cantrang, perikanan",
      normal="ikan, laut, pesisir, perahu, tpi, tempat pelelangan ikan",
      also=("pertamina", "bph-migas", "tni", "@local")),
    M("forestry", "Hutan, karhutla & satwa", "Forests, forest fires and wildlife", "environment", "kemenhut",
      "Illegal logging, forest encroachment, forest and land fires (karhutla), haze, protected wildlife.",
      strong="hutan, hutan lindung, kawasan hutan, pembalakan liar, illegal logging, penebangan liar, karhutla, "
             "kebakaran hutan, kebakaran lahan, lahan gambut, kabut asap, satwa dilindungi, satwa liar, bksda, "
             "perhutanan sosial, kemenhut, orangutan, harimau, gajah liar, forest fire, haze, deforestation, "
             "cendrawasih, trenggiling, kukang",
      normal="kayu, asap, gambut, penebangan, perambahan, satwa, taman nasional, water bombing, pemadaman api",
      also=("bnpb", "kemen-lh", "polri")),
    M("pollution", "Pencemaran lingkungan", "Environmental pollution", "environment", "kemen-lh",
      "Industrial waste water, air pollution, hazardous waste (B3), environmental permits (AMDAL).",
      strong="limbah, limbah pabrik, limbah b3, pencemaran, tercemar, mencemari, polusi, polusi udara, amdal, "
             "pencemaran sungai, pltu, debu batu bara, klh, bplh, kementerian lingkungan hidup, pollution, "
             "polluted, wastewater, smoke stack, cerobong",
      normal="pabrik, bau menyengat, ikan mati, air hitam, gatal gatal, debu, asap pabrik, ispa, cerobong asap, "
             "peternakan, bau",
      also=("@local", "@province")),
    M("mining", "Pertambangan", "Mining", "environment", "kemen-esdm",
      "Illegal mining (PETI), galian C, mining permits, damage from nickel, coal and tin mining.",
      strong="tambang, tambang ilegal, pertambangan, galian c, peti, penambangan liar, tambang emas, tambang timah, "
             "tambang nikel, batu bara, batubara, iup, esdm, kementerian esdm, mining, illegal mining, "
             "tambang pasir, smelter, penambangan emas tanpa izin, pertambangan tanpa izin, penambangan tanpa izin, "
             "merkuri, air raksa, dompeng, tambang rakyat, ti apung, tambang inkonvensional, tambang liar, "
             "lubang bekas tambang, reklamasi tambang, pasca tambang, tambang batubara",
      normal="nikel, timah, pasir, alat berat, lumpur, lubang tambang, truk tambang",
      also=("kemen-lh", "polri", "@province")),
    M("disaster", "Bencana & pengungsi", "Disasters and relief", "disaster", "bnpb",
      "Disaster response: floods, landslides, earthquakes, eruptions, evacuees and relief distribution.",
      strong="bencana, banjir bandang, tanah longsor, longsor, gempa, gempa bumi, erupsi, letusan, pengungsi, "
             "pengungsian, bpbd, bnpb, korban bencana, puting beliung, bantuan bencana, tsunami, rumah roboh, "
             "disaster, evacuees, landslide, earthquake, galodo, banjir lahar, lahar dingin, awan panas, likuifaksi, "
             "huntara, huntap, hunian sementara, hunian tetap, korban gempa, korban banjir, korban longsor, posko bencana",
      normal="logistik, tenda, terdampak, mengungsi, banjir, rumah hanyut, bantuan logistik, tanggap darurat",
      also=("@local", "@province", "kemensos")),
    M("weather_warning", "Informasi cuaca & gempa", "Weather and earthquake information (BMKG)", "disaster", "bmkg",
      "Weather forecasts, earthquake and tsunami early warnings.",
      strong="bmkg, peringatan dini, early warning, prakiraan cuaca, sirine tsunami, informasi gempa, cuaca ekstrem",
      also=("bnpb",)),
    M("search_rescue", "Pencarian & pertolongan (SAR)", "Search and rescue", "disaster", "basarnas",
      "Search and rescue for missing people, accidents at sea, on land and in the air.",
      strong="basarnas, tim sar, sar, pencarian korban, tenggelam, hilang di laut, kapal tenggelam, "
             "search and rescue",
      normal="korban hilang, belum ditemukan",
      also=("bnpb",)),
    # ------------------------------------------------------------------ work
    M("labour", "Ketenagakerjaan (PHK, upah, THR)", "Labour disputes (layoffs, wages, THR)", "labour", "kemnaker",
      "Layoffs and severance, minimum wage (UMK/UMP), THR, unpaid wages, contracts, outsourcing, labour inspection.",
      strong="phk, pesangon, thr, umk, ump, umr, upah minimum, gaji tidak dibayar, gaji belum dibayar, disnaker, "
             "dinas tenaga kerja, pengawas ketenagakerjaan, kemnaker, kemenaker, hubungan industrial, "
             "di phk, unpaid wages, salary, outsourcing, buruh, karyawan kontrak, pkwt, serikat pekerja, "
             "tunjangan hari raya, lembur tidak dibayar, k3, keselamatan kerja, keselamatan dan kesehatan kerja, "
             "apd, alat pelindung diri, pengawasan ketenagakerjaan, pengawas tenaga kerja, gaji di bawah umk, "
             "upah di bawah, di bawah umr, di bawah ump, mediasi disnaker, perselisihan hubungan industrial",
      normal="gaji, upah, karyawan, pekerja, perusahaan, lembur, kontrak kerja, resign, dipecat, pabrik, "
             "bos, majikan, employer, wages, workers, layoff",
      also=("@province", "@local")),
    M("job_seeker_card", "Kartu pencari kerja (AK1) & layanan Disnaker daerah", "Job-seeker card (AK1) and local job services",
      "labour", LOCAL,
      "The yellow card (AK1) for job seekers, local job fairs and regional vocational training centres, issued by "
      "the regency/city Disnaker.",
      strong="kartu kuning, ak1, kartu ak1, kartu pencari kerja, kartu pencaker, pencaker, bursa kerja, job fair",
      normal="kartu kuning disnaker",
      also=("kemnaker",), fallback="kemnaker"),
    M("bpjs_employment", "BPJS Ketenagakerjaan (JHT, JKK)", "Workers' social security (BPJS Ketenagakerjaan)", "labour",
      "bpjs-ketenagakerjaan",
      "JHT old-age savings, work-accident (JKK), death, pension and job-loss (JKP) benefits.",
      strong="bpjs ketenagakerjaan, bpjs tk, bpjamsostek, jamsostek, jht, jkk, jkp, jaminan hari tua, "
             "jaminan pensiun, jmo, jamsostek mobile, klaim jkk, santunan kecelakaan kerja, pencairan jht, klaim jht",
      normal="kecelakaan kerja",
      also=("kemnaker",)),
    M("prakerja", "Kartu Prakerja", "Kartu Prakerja", "labour", "kemenko-perekonomian",
      "Kartu Prakerja training programme and incentives.",
      strong="prakerja, kartu prakerja", normal="insentif pelatihan, pelatihan online",
      also=("kemnaker",)),
    M("civil_service_recruitment", "Seleksi & kepegawaian ASN (CPNS/PPPK)", "Civil-service recruitment (CPNS/PPPK) and records",
      "labour", "bkn",
      "CASN selection (CPNS, PPPK), honorary staff data, NIP issuance, transfers and promotion records.",
      strong="cpns, pppk, casn, sscasn, seleksi asn, nip, bkn, honorer, tenaga honorer, pppk paruh waktu, "
             "database honorer, formasi, skd, skb, badan kepegawaian",
      normal="seleksi, formasi guru, kelulusan, pengangkatan, mutasi pns, kenaikan pangkat",
      also=("kemenpanrb", "@local")),
    # ------------------------------------------------------------------ governance / misc national
    M("elections", "Pemilu & pilkada", "Elections", "elections", "kpu",
      "Voter lists (DPT), polling stations, vote counting, candidates; violations go to Bawaslu.",
      strong="kpu, pemilu, pilkada, dpt, tps pemilu, daftar pemilih, pemilih tetap, pilpres, pileg, "
             "surat suara, rekapitulasi suara, kpps, election, voter",
      normal="coblos, pencoblosan, calon, kampanye, caleg, suara",
      also=("bawaslu",)),
    M("election_violations", "Pelanggaran pemilu", "Election violations", "elections", "bawaslu",
      "Vote buying, misuse of office in campaigns, neutrality of civil servants, electoral violations.",
      strong="bawaslu, politik uang, money politic, serangan fajar, bagi bagi amplop, amplop, netralitas asn, "
             "pelanggaran kampanye, pelanggaran pemilu, vote buying, tim sukses, timses",
      normal="kampanye hitam, calon bupati, calon gubernur, calon walikota",
      also=("kpu",)),
    M("mbg", "Makan Bergizi Gratis (MBG)", "Free Nutritious Meals (MBG)", "social", "bgn",
      "The free nutritious meals programme: SPPG kitchens, meal quality, food poisoning, distribution to schools.",
      strong="mbg, makan bergizi gratis, makan siang gratis, sppg, badan gizi nasional, bgn, dapur mbg, "
             "menu mbg, free meals, free nutritious meals, makanan bergizi gratis",
      normal="keracunan, keracunan massal, basi, menu, porsi, dapur, ompreng, food poisoning",
      tags=("free_nutritious_meals",)),
    M("maladministration", "Maladministrasi & pengaduan tak ditanggapi", "Maladministration and unanswered complaints",
      "governance", "ombudsman",
      "Unanswered or mishandled complaints, maladministration by public bodies (Ombudsman escalation).",
      strong="maladministrasi, ombudsman, tidak ditanggapi, tidak ditindaklanjuti, standar pelayanan, "
             "maladministration",
      normal="diabaikan, tidak direspon, tidak ada tanggapan",
      also=("kemenpanrb",)),
    M("public_service_admin", "SP4N-LAPOR! & standar pelayanan", "SP4N-LAPOR! and public service standards",
      "governance", "kemenpanrb",
      "The SP4N-LAPOR! complaint system itself and national public-service standards.",
      strong="sp4n, sp4n lapor, aplikasi lapor, lapor go id, lapor id, kemenpanrb, menpan, reformasi birokrasi",
      normal="login, password, akun lapor",
      weak="aplikasi"),
    M("information_dispute", "Sengketa informasi publik", "Public information disputes", "governance",
      "komisi-informasi",
      "Refused or ignored public-information requests (UU KIP) and objections.",
      strong="sengketa informasi, komisi informasi, permohonan informasi, keterbukaan informasi, ppid, "
             "informasi publik, freedom of information",
      normal="salinan dokumen, keberatan informasi",
      also=()),
    M("broadcasting", "Siaran TV & radio", "Broadcast content", "communication", "kpi",
      "Television and radio broadcast content.",
      strong="kpi, komisi penyiaran, siaran, stasiun tv, sinetron, tayangan, televisi, radio, broadcast",
      normal="tv, acara tv, iklan tv"),
    M("press", "Pers & pemberitaan", "Press and news reporting", "communication", "dewan-pers",
      "Complaints about news reports and journalists; right of reply.",
      strong="dewan pers, hak jawab, wartawan, jurnalis, media online, pemberitaan, berita bohong media, journalist",
      normal="berita, media, redaksi"),
    M("procurement", "Pengadaan barang/jasa", "Public procurement", "governance", "lkpp",
      "Government tenders, LPSE, e-catalogue and procurement irregularities.",
      strong="lpse, tender, lelang proyek, pengadaan barang, pengadaan jasa, e katalog, e catalogue, lkpp, "
             "procurement, lelang pengadaan",
      normal="lelang, vendor, spesifikasi, pemenang tender",
      also=("kpk", "kppu")),
    M("competition", "Persaingan usaha", "Business competition", "economy", "kppu",
      "Monopolies, cartels and unfair competition.",
      strong="kppu, monopoli, kartel, persaingan usaha, persaingan tidak sehat, cartel, monopoly"),
    M("statistics", "Statistik & sensus", "Statistics and census", "governance", "bps",
      "Census and survey enumeration by BPS; socio-economic registration (Regsosek).",
      strong="bps, sensus, badan pusat statistik, regsosek, pencacah, census",
      normal="survei, pendataan"),
    M("cultural_heritage", "Cagar budaya & kebudayaan", "Cultural heritage and culture", "culture", "kemenbud",
      "Heritage buildings and sites, museums, traditional arts.",
      strong="cagar budaya, situs sejarah, bangunan bersejarah, museum, heritage, kemenbud, candi, keraton",
      normal="budaya, kesenian, sejarah",
      also=("@local",)),
    M("tourism", "Pariwisata", "Tourism", "culture", LOCAL,
      "Tourist destinations and tourism services; destinations are managed by the regency/city (UU 23/2014), "
      "national tourism policy by Kemenpar.",
      strong="pariwisata, dinas pariwisata, disparbud, tourism",
      normal="objek wisata, tempat wisata, destinasi wisata, wisatawan, turis, tourist, pantai wisata, tiket masuk",
      weak="wisata",
      also=("kemenpar",), fallback="kemenpar"),
    M("sports_youth", "Pemuda & olahraga", "Youth and sports", "culture", "kemenpora",
      "Athletes' support, national sports programmes and youth programmes.",
      strong="kemenpora, atlet, bonus atlet, pssi, olahraga, stadion, gor, kepemudaan",
      normal="sepak bola, turnamen",
      also=("@local",)),
    M("quarantine", "Karantina hewan, ikan & tumbuhan", "Animal, fish and plant quarantine", "agriculture", "barantin",
      "Quarantine checks and certificates for animals, fish and plants moved between islands or imported.",
      strong="karantina, barantin, karantina hewan, karantina ikan, karantina tumbuhan, quarantine",
      normal="sertifikat kesehatan hewan, hewan peliharaan"),
    M("ikn", "Ibu Kota Nusantara", "The new capital (IKN)", "governance", "oikn",
      "Land, development and public services in the IKN area.",
      strong="ikn, ibu kota nusantara, otorita ikn, nusantara capital"),
    M("presidential", "Surat kepada Presiden", "Requests to the President", "governance", "kemensetneg",
      "Letters and requests for help addressed to the President; state honours.",
      strong="presiden, istana, setneg, kemensetneg, sekretariat negara, surat untuk presiden, president"),
    M("research", "Riset & inovasi", "Research and innovation", "education", "brin",
      "Research institutes, research funding and scientific facilities.",
      strong="brin, riset, peneliti, research", normal="penelitian, inovasi"),
    M("cyber_security", "Keamanan siber", "Cyber security", "communication", "bssn",
      "Hacked government systems, cyber incidents.",
      strong="bssn, diretas, peretasan, hacker, website pemerintah diretas, ransomware, cyber attack, ddos"),
    M("soe_governance", "Tata kelola BUMN", "State-owned enterprise governance", "economy", "bp-bumn",
      "Complaints about SOE conduct that the company did not resolve; SOE governance.",
      strong="bumn, bp bumn, kementerian bumn, badan usaha milik negara, state owned enterprise"),
    M("archives", "Kearsipan", "Archives", "governance", "anri",
      "Access to state records and archives.", strong="anri, arsip nasional, arsip negara, kearsipan"),
    M("hajj_funds", "Dana haji (BPKH)", "Hajj funds (BPKH)", "religion", "bpkh",
      "Hajj deposits, virtual accounts and returns on hajj funds.",
      strong="bpkh, dana haji, nilai manfaat, virtual account haji, setoran awal haji", also=("kemenhaj",)),
    M("gas_oil_regulation", "Kuota BBM subsidi", "Subsidised fuel quotas (BPH Migas)", "utilities", "bph-migas",
      "Quotas and distribution rules for subsidised fuel; QR codes for subsidised fuel purchases.",
      strong="bph migas, kuota bbm, kuota solar, qr code bbm, barcode bbm, subsidi tepat",
      also=("pertamina",)),
    M("energy_policy", "Kebijakan energi & ESDM", "Energy policy (ESDM)", "utilities", "kemen-esdm",
      "Electricity and fuel policy, geological hazards information, mining permits.",
      strong="kementerian esdm, kebijakan energi, subsidi listrik, harga bbm naik, geologi, badan geologi",
      also=("pln", "pertamina")),
]

# Regional bodies people name: mapped to a matter-less "@local" / "@province" cue in engine.
LOCAL_BODY_WORDS = (
    "pemkab, pemkot, pemda, pemerintah kabupaten, pemerintah kota, bupati, walikota, wali kota, dinas, "
    "kelurahan, kecamatan, camat, lurah, dprd kabupaten, dprd kota, bappeda, bpbd, dinsos, disdukcapil, "
    "dinkes, disdik, dishub, dlh, satpol pp, bapenda, dpmptsp, pemkab, pemkot"
)
PROVINCE_BODY_WORDS = "pemprov, pemerintah provinsi, gubernur, dinas provinsi, dprd provinsi, pemda provinsi"


# Named facilities run by a known regional government (BUMD water utilities, provincial and city
# hospitals).  When one is named, its owner takes the matters listed, whatever the place resolver says
# (a provincial hospital in Surabaya belongs to Pemprov Jatim, not Pemkot Surabaya).
_HOSP = ("hospital_regional", "hospital_provincial", "puskesmas")
_WATER = ("water_pdam",)
REGIONAL_FACILITIES = {
    # water utilities
    "tirtanadi": ("pemprov-12", _WATER), "pam jaya": ("pemprov-31", _WATER), "palyja": ("pemprov-31", _WATER),
    "aetra": ("pemprov-31", _WATER), "tirta pakuan": ("pemkot-32.71", _WATER),
    "tirta kahuripan": ("pemkab-32.01", _WATER), "tirtawening": ("pemkot-32.73", _WATER),
    "tirta wening": ("pemkot-32.73", _WATER), "tirta raharja": ("pemkab-32.04", _WATER),
    "tirta asasta": ("pemkot-32.76", _WATER), "tirta patriot": ("pemkot-32.75", _WATER),
    "tirta bhagasasi": ("pemkab-32.16", _WATER), "tirta benteng": ("pemkot-36.71", _WATER),
    "tirta kerta raharja": ("pemkab-36.03", _WATER), "surya sembada": ("pemkot-35.78", _WATER),
    "tirtamarta": ("pemkot-34.71", _WATER), "tirta marta": ("pemkot-34.71", _WATER),
    "tirta moedal": ("pemkot-33.74", _WATER), "toya wening": ("pemkot-33.72", _WATER),
    "tirta musi": ("pemkot-16.71", _WATER), "tirta manggar": ("pemkot-64.71", _WATER),
    "tirta kencana": ("pemkot-64.72", _WATER), "tugu tirta": ("pemkot-35.73", _WATER),
    "tirta daroy": ("pemkot-11.71", _WATER), "tirta khatulistiwa": ("pemkot-61.71", _WATER),
    "bandarmasih": ("pemkot-63.71", _WATER), "delta tirta": ("pemkab-35.15", _WATER),
    "tirta mangutama": ("pemkab-51.03", _WATER), "tirta sewakadarma": ("pemkot-51.71", _WATER),
    # provincial (and a few city) hospitals
    "soetomo": ("pemprov-35", _HOSP), "saiful anwar": ("pemprov-35", _HOSP), "soedono": ("pemprov-35", _HOSP),
    "moewardi": ("pemprov-33", _HOSP), "tugurejo": ("pemprov-33", _HOSP), "margono soekarjo": ("pemprov-33", _HOSP),
    "al ihsan": ("pemprov-32", _HOSP), "zainoel abidin": ("pemprov-11", _HOSP), "zainal abidin": ("pemprov-11", _HOSP),
    "arifin achmad": ("pemprov-14", _HOSP), "raden mattaher": ("pemprov-15", _HOSP),
    "rsud ulin": ("pemprov-63", _HOSP), "sjahranie": ("pemprov-64", _HOSP), "kanujoso": ("pemprov-64", _HOSP),
    "soedarso": ("pemprov-61", _HOSP), "doris sylvanus": ("pemprov-62", _HOSP), "m yunus": ("pemprov-17", _HOSP),
    "abdul moeloek": ("pemprov-18", _HOSP), "dok ii": ("pemprov-91", _HOSP), "dok 2": ("pemprov-91", _HOSP),
    "wz johannes": ("pemprov-53", _HOSP), "w z johannes": ("pemprov-53", _HOSP), "bali mandara": ("pemprov-51", _HOSP),
    "labuang baji": ("pemprov-73", _HOSP), "undata": ("pemprov-72", _HOSP), "bahteramas": ("pemprov-74", _HOSP),
    "chasan boesoirie": ("pemprov-82", _HOSP), "haulussy": ("pemprov-81", _HOSP), "achmad mochtar": ("pemprov-13", _HOSP),
    "siti fatimah": ("pemprov-16", _HOSP), "raja ahmad tabib": ("pemprov-21", _HOSP),
    "pirngadi": ("pemkot-12.71", _HOSP), "aloei saboe": ("pemkot-75.71", _HOSP),
}
