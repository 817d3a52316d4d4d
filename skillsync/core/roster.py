"""A snapshot's people, held one list per field (pure).

Comparing two snapshots and storing one read whole fields, in C; only a person who
changed, joined or left is looked at as a record. So the records are not kept: one is
built when asked for. A million people's records, kept beside the field lists, were
the largest single cost of a sync's memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

Record = dict[str, Any]  # one person: every field's value


class People(Mapping[str, Record]):
    """Key -> record, in sheet order. `fields` holds every person's values, one list per
    field in that order; a record is built from them each time one is asked for (it is
    a copy: changing it changes nothing here). Never changed once built."""

    def __init__(self, keys: Sequence[str], fields: Mapping[str, list[Any]],
                 same_keys: People | None = None) -> None:
        """`same_keys`: People already built with these very keys, in this order, whose
        index is shared rather than built again (the usual night: last run's people)."""
        fields = dict(fields)
        keys = list(keys)
        for values in fields.values():
            if len(values) != len(keys):
                raise ValueError("every field needs a value for each person")
        if same_keys is not None and same_keys._keys == keys:
            self._keys, self.fields, self.place = keys, fields, same_keys.place
            self._names = tuple(fields)
            return
        place = dict(zip(keys, range(len(keys)), strict=True))
        if len(place) < len(keys):  # a key twice (a damaged document): the last one counts
            kept = list(place.values())
            fields = {name: list(map(values.__getitem__, kept))
                      for name, values in fields.items()}
            keys = list(place)
            place = dict(zip(keys, range(len(keys)), strict=True))
        self._keys, self.fields, self.place = keys, fields, place
        self._names = tuple(fields)

    @classmethod
    def of(cls, people: Mapping[str, Record], names: Sequence[str]) -> People:
        """`people` as People with the fields `names` (records missing one hold None)."""
        if isinstance(people, People):
            return people
        records = list(people.values())
        return cls(list(people), {name: [r.get(name) for r in records] for name in names})

    def __getitem__(self, key: str) -> Record:
        return self.at(self.place[key])

    def at(self, i: int) -> Record:
        """The record of the person in position i of `fields`."""
        return dict(zip(self._names, [values[i] for values in self.fields.values()],
                        strict=True))

    def __contains__(self, key: object) -> bool:
        return key in self.place

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"People({len(self)} people, fields {list(self._names)})"


class Picked(Sequence[Record]):
    """The records of some of `people`'s keys, in the order given: a record is built
    when one is read; `column` reads one field of all of them at once."""

    def __init__(self, people: People, keys: Sequence[str]) -> None:
        self._people = people
        # Everyone in the order they are held (the usual night): no 100,000 look-ups.
        self._whole = keys == people._keys
        self._at = (list(range(len(keys))) if self._whole
                    else list(map(people.place.__getitem__, keys)))
        self._places: list[tuple[int, int]] | None = None

    @overload
    def __getitem__(self, i: int) -> Record: ...
    @overload
    def __getitem__(self, i: slice) -> list[Record]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._people.at(j) for j in self._at[i]]
        return self._people.at(self._at[i])

    def __len__(self) -> int:
        return len(self._at)

    def value(self, i: int, name: str) -> Any:
        """Field `name` of the i-th record, without building the record."""
        return self._people.fields[name][self._at[i]]

    def column(self, name: str) -> list[Any]:
        values = self._people.fields[name]
        return list(values) if self._whole else list(map(values.__getitem__, self._at))

    def places(self) -> list[tuple[int, int]]:
        """Each one's (tab order, row): where their row is (worked out once; the guard's
        re-sort checks ask for it several times)."""
        if self._places is None:
            self._places = list(zip(self.column("order"), self.column("row"), strict=True))
        return self._places

