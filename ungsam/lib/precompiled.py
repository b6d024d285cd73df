"""A queryset compiled to SQL once and run again and again, rows turned into model instances
(with their `select_related` objects) the way Django's own iterator does it.

For the one query every authenticated request makes: the user with her roles in force. Django
compiled its five-table join anew each time, which cost about 1 ms of Python against 0.3 ms for
PostgreSQL to answer it. Keep one per set of parameters: what is compiled is the question,
never the answer."""

from django.db import connections
from django.db.models.query import get_related_populators


class Precompiled:
    def __init__(self, queryset):
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        self.sql, self.params = compiler.as_sql()
        klass_info = compiler.klass_info
        if compiler.annotation_col_map or queryset._known_related_objects:
            raise ValueError("Precompiled takes a plain model queryset, without annotations")
        self._compiler = compiler
        self._model = klass_info["model"]
        first, *_, last = klass_info["select_fields"]
        self._fields = slice(first, last + 1)
        self._init_list = [col[0].target.attname for col in compiler.select[self._fields]]
        self._populators = get_related_populators(klass_info, compiler.select, self.db)

    def fetch(self) -> list:
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        objects = []
        for row in self._compiler.results_iter(results=[rows]):
            obj = self._model.from_db(self.db, self._init_list, row[self._fields])
            for populator in self._populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects
