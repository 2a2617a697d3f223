"""Django's PostgreSQL backend that starts the embedded server on the first connection."""

from pathlib import Path

from django.db.backends.postgresql import base, client

from portal import embedded_postgres


class DatabaseClient(client.DatabaseClient):
    def runshell(self, parameters):
        self.connection.start_server()
        super().runshell(parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    def start_server(self) -> None:
        # Written into the settings themselves, so that whatever reads them after the
        # first connection (pg_dump for backups, a test's own psycopg) finds the server.
        self.settings_dict["HOST"] = embedded_postgres.serve(Path(self.settings_dict["PGDATA"]))

    def get_connection_params(self):
        self.start_server()
        return super().get_connection_params()
