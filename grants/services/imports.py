"""The bulk import of agreements: the uploaded file waits in the private storage (named by its
SHA-256) between the preview and the officer's confirmation; the confirmation checks every row
again and writes them all in one transaction, or nothing."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.storage import get_private_storage, save_replacing
from core.uploads import check_upload
from organisations import permissions
from organisations.models import Organisation
from organisations.services import organisation_create

from ..audit import audit_record
from ..imports import ImportReport, check_rows, read_table
from ..models import AgreementImport
from .programmes import agreement_create

FOLDER = "grants/imports"
_SHA = re.compile(r"[0-9a-f]{64}")


def _check(by, programme) -> None:
    if not permissions.can_manage_programmes(by, programme.funder):
        raise PermissionDenied(_("Only the funder's programme officers import agreements."))


def _path(sha256: str, extension: str) -> str:
    if not _SHA.fullmatch(sha256 or "") or extension not in ("csv", "xlsx"):
        raise ValidationError(
            _("This import is no longer available: upload the file again."), code="gone"
        )
    return f"{FOLDER}/{sha256}.{extension}"


def import_file_receive(*, programme, by, upload) -> dict:
    """Check the upload (CSV or XLSX, by its content, through the upload gate), keep its bytes
    and return what the preview and the confirmation need: {sha256, extension, name, report}."""
    _check(by, programme)
    checked = check_upload(upload, kind="import")
    data = checked.file.read()
    report = check_rows(programme=programme, table=read_table(data, checked.content_type))
    save_replacing(get_private_storage(), _path(checked.sha256, checked.extension), checked.file)
    return {
        "sha256": checked.sha256,
        "extension": checked.extension,
        "name": checked.original_name,
        "content_type": checked.content_type,
        "report": report,
    }


def import_file_report(*, programme, by, sha256, extension) -> tuple[bytes, ImportReport]:
    _check(by, programme)
    storage = get_private_storage()
    path = _path(sha256, extension)
    if not storage.exists(path):
        raise ValidationError(
            _("This import is no longer available: upload the file again."), code="gone"
        )
    with storage.open(path, "rb") as handle:
        data = handle.read()
    content_type = "text/csv" if extension == "csv" else "spreadsheetml.sheet"
    return data, check_rows(programme=programme, table=read_table(data, content_type))


@transaction.atomic
def agreements_import(*, programme, by, sha256, extension, file_name) -> AgreementImport:
    """Write every row of the kept file: the new associations (organisations' own service),
    the agreements and their tranches. Any row in error and nothing is written; a file whose
    rows all exist already is refused as having nothing to import."""
    _data, report = import_file_report(
        programme=programme, by=by, sha256=sha256, extension=extension
    )
    if report.errors:
        raise ValidationError(
            ngettext(
                "%(count)d row has errors; nothing was imported.",
                "%(count)d rows have errors; nothing was imported.",
                len(report.errors),
            )
            % {"count": len(report.errors)},
            code="rows_invalid",
        )
    if not report.to_create:
        raise ValidationError(
            _("Every row of this file is imported already; nothing changed."),
            code="nothing_new",
        )
    created_associations = {}
    for row in report.to_create:
        new = row.new_association
        if new is None:
            continue
        association = created_associations.get(new["registration_number"])
        if association is None:
            association = organisation_create(kind=Organisation.Kind.TRAINER, **new)
            created_associations[new["registration_number"]] = association
            audit_record(
                actor=by,
                action="association.created_by_import",
                obj=association,
                after={"registration_number": association.registration_number},
            )
        row.association = association
    for row in report.to_create:
        values = dict(row.agreement)
        try:
            agreement_create(
                **values,
                association=row.association,
                project_summary="",
                target_regions=[row.region] if row.region else (),
                target_provinces=[row.province] if row.province else (),
                by=by,
                create_tranches=True,
            )
        except ValidationError as error:
            raise ValidationError(
                _("Line %(line)d: %(problem)s")
                % {"line": row.line, "problem": " ".join(error.messages)},
                code="row_invalid",
            ) from error
    record = AgreementImport.objects.create(
        programme=programme,
        file_name=file_name[:255],
        file_sha256=sha256,
        rows=len(report.rows),
        created=len(report.to_create),
        unchanged=len(report.unchanged),
        associations_created=len(created_associations),
        imported_by=by,
    )
    audit_record(
        actor=by,
        action="agreement_import.confirmed",
        obj=record,
        after={
            "programme": programme.pk,
            "file_name": record.file_name,
            "file_sha256": sha256,
            "created": record.created,
            "unchanged": record.unchanged,
            "associations_created": record.associations_created,
            "references": [row.reference for row in report.to_create],
        },
    )
    return record
