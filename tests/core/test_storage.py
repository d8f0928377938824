"""save_replacing: a task redone after a crash rewrites its one file, whole or not at all."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from core.storage import save_replacing


def test_a_second_save_replaces_the_file_under_the_same_name(tmp_path):
    """No ``name_x7Yz.pdf`` beside the first one: the name stays, the content is the new one."""
    storage = FileSystemStorage(location=tmp_path)
    assert save_replacing(storage, "certificates/1/ABC.pdf", b"first") == "certificates/1/ABC.pdf"
    assert save_replacing(storage, "certificates/1/ABC.pdf", b"second") == "certificates/1/ABC.pdf"
    assert [p.name for p in (tmp_path / "certificates" / "1").iterdir()] == ["ABC.pdf"]
    assert (tmp_path / "certificates" / "1" / "ABC.pdf").read_bytes() == b"second"


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_partial_one(tmp_path):
    """The bytes go to a hidden temporary file renamed at the end: a failure mid-write leaves
    the previous file intact and nothing else."""
    storage = FileSystemStorage(location=tmp_path)
    save_replacing(storage, "a/report.pdf", b"complete")

    class Broken(ContentFile):
        def chunks(self, chunk_size=None):
            yield b"half"
            raise OSError("disk gone")

    with pytest.raises(OSError):
        save_replacing(storage, "a/report.pdf", Broken(b"unused"))
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["report.pdf"]
    assert (tmp_path / "a" / "report.pdf").read_bytes() == b"complete"
