"""The team lists people have, each made here in its real encoding and layout, import exactly
the right people and nothing else; files that are no list of names are refused in one line
and nothing is added."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import roster_import
from facilitator.roster_import import ImportFileError
from facilitator.store import teams


@pytest.fixture
def team(fresh_db):
    team = teams.create_team(fresh_db, "Ops")
    teams.add_participant(fresh_db, team.id, "Zoë Martin", "Customer service")
    return team


def _file(tmp_path: Path, data: bytes, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _added(preview: roster_import.Preview) -> list[tuple[str, str]]:
    return [(r.name, r.area) for r in preview.to_add]


def _columns(preview: roster_import.Preview) -> list[tuple[str, str]]:
    return [(c.header, c.use) for c in preview.columns]


TEAMS_2023 = (
    "1. Summary\n"
    "Meeting title\tWeekly sync\n"
    "Attended participants\t3\n"
    "Start time\t11/29/26, 9:28:11 AM\n"
    "End time\t11/29/26, 10:01:02 AM\n"
    "Meeting duration\t32m 51s\n"
    "Average attendance time\t30m 2s\n"
    "\n"
    "2. Participants\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
    "Zoë Dubois\t11/29/26, 9:28:11 AM\t11/29/26, 10:01:02 AM\t32m 51s\tzoe@example.org"
    "\tzoe@example.org\tOrganizer\n"
    "Siobhán Ó Briain\t11/29/26, 9:29:40 AM\t11/29/26, 10:01:00 AM\t31m 20s"
    "\tsiobhan@example.org\tsiobhan@example.org\tPresenter\n"
    "Tom Becker\t11/29/26, 9:31:02 AM\t11/29/26, 9:58:40 AM\t27m 38s\ttom@example.org"
    "\ttom@example.org\tAttendee\n"
    "\n"
    "3. In-Meeting Activities\n"
    "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
    "Zoë Dubois\t11/29/26, 9:28:11 AM\t11/29/26, 10:01:02 AM\t32m 51s\tzoe@example.org"
    "\tOrganizer\n"
    "Guest Outsider\t11/29/26, 9:40:00 AM\t11/29/26, 9:41:00 AM\t1m\t\tAttendee\n"
)

TEAMS_2021 = (
    "Meeting Summary\n"
    "Total Number of Participants\t3\n"
    "Meeting Title\tWeekly sync\n"
    "Meeting Start Time\t11/29/2026, 9:28:11 AM\n"
    "Meeting End Time\t11/29/2026, 10:01:02 AM\n"
    "\n"
    "Full Name\tUser Action\tTimestamp\n"
    "Zoë Dubois\tJoined\t11/29/2026, 9:28:11 AM\n"
    "Tom Becker\tJoined\t11/29/2026, 9:31:02 AM\n"
    "Zoë Dubois\tLeft\t11/29/2026, 9:50:00 AM\n"
    "Zoë Dubois\tJoined\t11/29/2026, 9:51:30 AM\n"
    "Priya Nair\tJoined before\t11/29/2026, 9:28:11 AM\n"
)


@pytest.mark.parametrize("report", [TEAMS_2023, TEAMS_2021], ids=["2023", "2021"])
def test_a_teams_attendance_report_gives_its_participants(fresh_db, team, tmp_path, report):
    path = _file(tmp_path, report.replace("\n", "\r\n").encode("utf-16"))  # LE with BOM
    assert path.read_bytes()[:2] == b"\xff\xfe"
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert preview.kind == "Teams attendance report"
    expected = (
        ["Zoë Dubois", "Siobhán Ó Briain", "Tom Becker"]
        if report is TEAMS_2023
        else ["Zoë Dubois", "Tom Becker", "Priya Nair"]
    )
    assert [r.name for r in preview.to_add] == expected
    assert all(r.area == "" for r in preview.to_add)  # "Organizer" is no area of work
    assert preview.rejected == []
    assert "Role" in preview.ignored or "User Action" in preview.ignored


def test_teams_account_tags_are_taken_off_so_the_person_is_matched(fresh_db, team, tmp_path):
    report = (
        "1. Summary\nMeeting title\tX\n\n2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\n"
        "Zoë Martin (External)\t1\t2\t3\tz@y.com\tAttendee\n"
        "Tom Ng (Guest)\t1\t2\t3\t\tAttendee\n"
        "Ida Lund (Unverified)\t1\t2\t3\t\tAttendee\n"
        "Jan Kral (Gast)\t1\t2\t3\t\tAttendee\n"
        "Eva Roth (Extern)\t1\t2\t3\t\tAttendee\n"
    )
    preview = roster_import.preview_file(
        fresh_db, team.id, _file(tmp_path, report.encode("utf-16"))
    )
    assert [r.name for r in preview.to_add] == ["Tom Ng", "Ida Lund", "Jan Kral", "Eva Roth"]
    assert [(r.name, r.reason) for r in preview.rejected] == [
        ("Zoë Martin", "Already in the team.")
    ]


def test_a_spreadsheet_loses_only_the_known_account_tags(fresh_db, team) -> None:
    text = "Name,Team\nBob Smith (External),Ops\nAnn Lee (Marketing),Sales\nCy (guest) Dee,HR\n"
    preview = roster_import.preview_text(fresh_db, team.id, text)
    assert [r.name for r in preview.to_add] == [
        "Bob Smith",
        "Ann Lee (Marketing)",
        "Cy (guest) Dee",
    ]


@pytest.mark.parametrize("report", [TEAMS_2021, None], ids=["2021", "row-per-join"])
def test_someone_who_rejoined_is_listed_once_and_the_preview_says_so(
    fresh_db, team, tmp_path, report
) -> None:
    report = report or (
        "Meeting Summary\nMeeting Title\tX\n\n"
        "Full Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
        "Zoë Dubois\t9:00\t9:10\t10m\tz@x.com\tOrganizer\n"
        "Tom Ng (Guest)\t9:00\t10:00\t60m\t\tAttendee\n"
        "Zoë Dubois\t9:20\t10:00\t40m\tz@x.com\tOrganizer\n"
    )
    preview = roster_import.preview_file(
        fresh_db, team.id, _file(tmp_path, report.encode("utf-16"))
    )
    assert [r.name for r in preview.to_add].count("Zoë Dubois") == 1
    assert preview.notes == ("Zoë Dubois joined 2 times; listed once.",)


def test_a_long_teams_event_list_counts_each_person_once(fresh_db, team, tmp_path) -> None:
    """600 rows of joins and leaves are 300 people: under the roster's 500, so imported."""
    events = "".join(
        f"Person {i:03}\t{action}\t11/29/2026, 9:{i % 60:02}:00 AM\n"
        for i in range(300)
        for action in ("Joined", "Left")
    )
    report = TEAMS_2021.split("Full Name")[0] + "Full Name\tUser Action\tTimestamp\n" + events
    preview = roster_import.preview_file(
        fresh_db, team.id, _file(tmp_path, report.encode("utf-16"))
    )
    assert len(preview.to_add) == 300 and preview.rejected == []
    assert preview.to_add[-1].name == "Person 299"


def test_german_excel_in_windows_1252_with_semicolons(fresh_db, team, tmp_path) -> None:
    text = "Vorname;Nachname;E-Mail;Abteilung\r\nJürgen;Müller;jm@example.de;Lager\r\n"
    text += "Zoë;Weiß;zw@example.de;Einkauf\r\n"
    path = _file(tmp_path, text.encode("cp1252"))
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert _added(preview) == [("Jürgen Müller", "Lager"), ("Zoë Weiß", "Einkauf")]
    assert _columns(preview) == [
        ("Vorname", "first name"),
        ("Nachname", "last name"),
        ("Abteilung", "area"),
    ]
    assert preview.ignored == ("E-Mail",)


def test_semicolons_crlf_and_a_blank_line_are_cells_not_names(fresh_db, team, tmp_path) -> None:
    """ux B6: csv.Sniffer took the comma here and imported whole lines, header included."""
    text = (
        "\ufeffFull name;Department\r\n"
        "Tom Becker;Warehouse\r\n"
        ";Nobody\r\n"
        "\r\n"
        "Ana Lima;Finance\r\n"
        "tom becker;Finance\r\n"
        "ZOE MARTIN;Sales\r\n"
    )
    preview = roster_import.preview_file(fresh_db, team.id, _file(tmp_path, text.encode()))
    assert _added(preview) == [("Tom Becker", "Warehouse"), ("Ana Lima", "Finance")]
    reasons = {r.line: r.reason for r in preview.rejected}
    assert reasons == {
        3: "The name is empty.",
        6: "Duplicate of Tom Becker on line 2.",
        7: "Already in the team as Zoë Martin.",
    }


def test_google_forms_export_ignores_the_other_columns(fresh_db, team, tmp_path) -> None:
    text = (
        "Timestamp,Email Address,Full name,Team\r\n"
        '"2026/11/29 9:28:11 AM GMT+1",zoe@example.org,Zoë Dubois,Ops\r\n'
        '"2026/11/29 9:30:02 AM GMT+1",tom@example.org,"Becker, Tom",Warehouse\r\n'
    )
    preview = roster_import.preview_file(fresh_db, team.id, _file(tmp_path, text.encode()))
    assert _added(preview) == [("Zoë Dubois", "Ops"), ("Becker, Tom", "Warehouse")]
    assert _columns(preview) == [("Full name", "name"), ("Team", "area")]
    assert preview.ignored == ("Timestamp", "Email Address")


def test_a_one_column_list_keeps_the_commas_in_its_names(fresh_db, team, tmp_path) -> None:
    text = "Name\r\nBecker, Tom\r\nLima, Ana\r\nBo\r\n"
    preview = roster_import.preview_file(fresh_db, team.id, _file(tmp_path, text.encode()))
    assert _added(preview) == [("Becker, Tom", ""), ("Lima, Ana", ""), ("Bo", "")]


def test_a_sheet_with_first_and_last_names(fresh_db, team, tmp_path) -> None:
    text = "First name,Last name,Email,Team\nAna,Lima,ana@example.org,Finance\nBo,,,\n"
    preview = roster_import.preview_file(fresh_db, team.id, _file(tmp_path, text.encode()))
    assert _added(preview) == [("Ana Lima", "Finance"), ("Bo", "")]


def test_outlook_contacts_export(fresh_db, team, tmp_path) -> None:
    head = (
        "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
        "Business Street,E-mail Address,Mobile Phone,Notes"
    )
    text = (
        f"{head}\r\n"
        "Dr.,Siobhán,,Ó Briain,,Acme,Logistics,Planner,1 Quay St,sob@example.ie,,\r\n"
        'Mr.,John,Paul,Smith,Jr.,Acme,,Driver,,js@example.org,+44 1,"Likes, commas"\r\n'
        ",,,,,Acme Ltd,,,,info@example.org,,\r\n"
    )
    path = _file(tmp_path, text.encode("utf-8-sig"))
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert _added(preview) == [("Siobhán Ó Briain", "Logistics"), ("John Paul Smith", "Driver")]
    assert [(r.line, r.reason) for r in preview.rejected] == [(4, "The name is empty.")]
    assert "Title" in preview.ignored and "Company" in preview.ignored


VCARD_3 = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Dubois;Zoë;;;\r\n"
    "FN:Zoë Dubois-Lefèvre de la Fontaine-Saint-Ambroise du Grand Hôtel de la Gare et d\r\n"
    " u Lac\r\n"
    "ORG:Acme;Warehouse\r\n"
    "EMAIL;TYPE=INTERNET:zoe@example.org\r\n"
    "TEL;TYPE=CELL:+33 6 00 00 00 00\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Becker;Tom;;;\r\n"
    "FN:Tom Becker\r\n"
    "TITLE:Driver\r\n"
    "END:VCARD\r\n"
)
VCARD_4 = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Siobhán Ó\n"
    "  Briain\n"
    "EMAIL;TYPE=work:sob@example.ie\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "N:Lima;Ana;;;\n"
    "FN:\n"
    "END:VCARD\n"
)


def test_vcard_3_with_folded_lines(fresh_db, team, tmp_path) -> None:
    path = _file(tmp_path, VCARD_3.encode(), "contacts.vcf")
    preview = roster_import.preview_file(fresh_db, team.id, path)
    long = "Zoë Dubois-Lefèvre de la Fontaine-Saint-Ambroise du Grand Hôtel de la Gare et du Lac"
    assert _added(preview) == [(long, "Warehouse"), ("Tom Becker", "Driver")]
    assert [r.line for r in preview.to_add] == [1, 10]
    assert preview.kind == "vCard file"
    assert preview.ignored == ("EMAIL", "TEL")


def test_vcard_4_takes_the_name_parts_when_fn_is_empty(fresh_db, team, tmp_path) -> None:
    path = _file(tmp_path, VCARD_4.encode(), "contacts.vcf")
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert _added(preview) == [("Siobhán Ó Briain", ""), ("Ana Lima", "")]


APPLE_CONTACT = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//macOS 14//EN\r\n"
    "N:Ng;Tom;;;\r\n"
    "FN:Tom Ng\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:tom@x.com\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsL\r\n"
    " Q0QDBgoLCgkLDBQNDAsLDBkSEx8\r\n"
    "NOTE;ENCODING=b:QQ\r\n"
    "ORG:Acme;Ops\r\n"
    "END:VCARD\r\n"
)


def test_a_damaged_photo_or_note_is_ignored_and_the_contact_imports(fresh_db, team, tmp_path):
    path = _file(tmp_path, APPLE_CONTACT.encode(), "contacts.vcf")
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert _added(preview) == [("Tom Ng", "Ops")]
    assert preview.ignored == ("EMAIL", "NOTE", "PHOTO")


def test_a_contact_whose_name_cannot_be_read_is_refused_alone(fresh_db, team, tmp_path):
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=bogus;ENCODING=QUOTED-PRINTABLE:J=C3=BC\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Kim Lee\r\nEND:VCARD\r\n"
    )
    path = _file(tmp_path, text.encode(), "contacts.vcf")
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert _added(preview) == [("Kim Lee", "")]
    assert [(r.line, r.name, r.reason) for r in preview.rejected] == [
        (1, "", "This contact's name cannot be read; save it again from your contacts app.")
    ]


def test_a_vcard_2_1_quoted_printable_name_is_read_whole_and_quietly(
    fresh_db, team, tmp_path, capfd, caplog
) -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen Maximilian M=C3=BC=\r\n"
        "ller\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Line one=0D=0Aline two=\r\n"
        " continues\r\n"
        "this line has no colon\r\n"
        "END:VCARD\r\n"
    )
    path = _file(tmp_path, text.encode(), "contacts.vcf")
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert _added(preview) == [("Jürgen Maximilian Müller", "")]
    assert preview.ignored == ("NOTE",)
    assert capfd.readouterr().err == ""
    assert [r for r in caplog.records if r.name.startswith("vobject")] == []


def test_a_contact_cut_short_before_the_next_is_refused_with_its_line(fresh_db, team, tmp_path):
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Bee\nBEGIN:VCARD\nFN:Cy Dee\nEND:VCARD\n"
    with pytest.raises(ImportFileError, match="the contact on line 1 has no END:VCARD"):
        roster_import.preview_file(fresh_db, team.id, _file(tmp_path, text.encode()))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02\x03\xfe\x80\x81" * 40, "not a text file"),
        (b"", "empty"),
        (b"\r\n\r\n  \n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "Excel workbook"),
        (b"Email,Phone\nzoe@example.org,123\n", "no 'name' column"),
        (b"BEGIN:VCARD\nVERSION:3.0\nFN:Zo\n", "vCard file cannot be read"),
        (b"1. Summary\nMeeting title\tX\n\n2. Participants\n\n", "no list of participants"),
    ],
    ids=["binary", "empty", "blank", "pdf", "xlsx", "no-name", "bad-vcard", "teams-empty"],
)
def test_files_that_are_no_list_of_names_change_nothing(fresh_db, team, tmp_path, data, message):
    path = _file(tmp_path, data)
    with pytest.raises(ImportFileError, match=message) as refused:
        roster_import.preview_file(fresh_db, team.id, path)
    assert "\n" not in str(refused.value)
    assert [p.name for p in teams.list_participants(fresh_db, team.id)] == ["Zoë Martin"]


# ------------------------------------------------------------------ pasted names


def test_pasted_lines_one_name_each(fresh_db, team) -> None:
    preview = roster_import.preview_pasted(
        fresh_db, team.id, "Ana Lima\r\n\r\n  Bo  \nzoe martin\n"
    )
    assert _added(preview) == [("Ana Lima", ""), ("Bo", "")]
    assert [r.reason for r in preview.rejected] == ["Already in the team as Zoë Martin."]


def test_pasted_cells_from_a_spreadsheet(fresh_db, team) -> None:
    text = "Name\tEmail\tDepartment\nAna Lima\tana@example.org\tFinance\nBo\t\tIT\n"
    preview = roster_import.preview_pasted(fresh_db, team.id, text)
    assert _added(preview) == [("Ana Lima", "Finance"), ("Bo", "IT")]
    assert preview.ignored == ("Email",)
    cells = roster_import.preview_pasted(fresh_db, team.id, "Ana Lima\tFinance\nBo\tIT\n")
    assert _added(cells) == [("Ana Lima", "Finance"), ("Bo", "IT")]


def test_pasted_addresses_from_a_mail_client(fresh_db, team) -> None:
    text = (
        "Ana Lima <ana@example.org>; Becker, Tom <tom@example.org>; "
        '"Siobhán Ó Briain" <sob@example.ie>\n'
        "<nobody@example.org>\n"
    )
    preview = roster_import.preview_pasted(fresh_db, team.id, text)
    assert _added(preview) == [("Ana Lima", ""), ("Tom Becker", ""), ("Siobhán Ó Briain", "")]
    assert [r.reason for r in preview.rejected] == [
        "Only an e-mail address (nobody@example.org), no name."
    ]
    teams.add_participant(fresh_db, team.id, "Tom Becker")
    again = roster_import.preview_pasted(fresh_db, team.id, text)
    assert [(line, name, result) for line, name, _area, result in again.outcomes()] == [
        (1, "Ana Lima", "Will be added"),
        (1, "Tom Becker", "Already in the team."),  # in its place on the line
        (1, "Siobhán Ó Briain", "Will be added"),
        (2, "nobody@example.org", "Only an e-mail address (nobody@example.org), no name."),
    ]


def test_an_empty_clipboard_is_refused(fresh_db, team) -> None:
    with pytest.raises(ImportFileError, match="clipboard holds no names"):
        roster_import.preview_pasted(fresh_db, team.id, " \n\t\n")


def test_duplicates_regardless_of_case_and_accents(fresh_db, team) -> None:
    preview = roster_import.preview_pasted(fresh_db, team.id, "Élodie Roy\nelodie  roy\nZOE MARTIN")
    assert _added(preview) == [("Élodie Roy", "")]
    assert [r.reason for r in preview.rejected] == [
        "Duplicate of Élodie Roy on line 1.",
        "Already in the team as Zoë Martin.",
    ]
