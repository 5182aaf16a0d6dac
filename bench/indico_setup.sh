#!/usr/bin/env bash
# Indico 3.2.9 beside Secretariat, for bench/public.py --indico-url (nothing of it is in the
# repository): a virtualenv outside the repository, its own PostgreSQL database and Redis
# databases, one public event, served by gunicorn in the same shape as ours (2 sync workers).
#
#   bench/indico_setup.sh            # install (once), configure, create the event, serve
#   bench/indico_setup.sh stop       # stop the server
#
# Prints the event's .ics address: pass its base to bench/public.py --indico-url.
set -euo pipefail
VENV=${INDICO_VENV:-/work/indico-venv}
DATA=${INDICO_DATA:-/work/indico-data}
DB=${INDICO_DB:-h_public_indico}
PORT=${INDICO_PORT:-8790}
PG=${INDICO_PG:-postgresql://postgres@127.0.0.1:5432}
REDIS=${INDICO_REDIS:-redis://127.0.0.1:6379}

if [[ "${1:-}" == stop ]]; then
  [[ -f "$DATA/gunicorn.pid" ]] && kill "$(cat "$DATA/gunicorn.pid")" && rm -f "$DATA/gunicorn.pid"
  exit 0
fi
test -x "$VENV/bin/indico" || { python3 -m venv "$VENV"; "$VENV/bin/pip" install -q indico==3.2.9 gunicorn; }
test -x "$VENV/bin/gunicorn" || "$VENV/bin/pip" install -q gunicorn
mkdir -p "$DATA"/{archive,cache,log,tmp,assets}
cat > "$DATA/indico.conf" <<CONF
SQLALCHEMY_DATABASE_URI = '$PG/$DB'
SECRET_KEY = '$(python3 -c 'import secrets; print(secrets.token_hex(32))')'
BASE_URL = 'http://127.0.0.1:$PORT'
CELERY_BROKER = '$REDIS/13'
REDIS_CACHE_URL = '$REDIS/14'
DEFAULT_TIMEZONE = 'UTC'
DEFAULT_LOCALE = 'en_GB'
ENABLE_ROOMBOOKING = False
CACHE_DIR = '$DATA/cache'
TEMP_DIR = '$DATA/tmp'
LOG_DIR = '$DATA/log'
ASSETS_DIR = '$DATA/assets'
STORAGE_BACKENDS = {'default': 'fs:$DATA/archive'}
ATTACHMENT_STORAGE = 'default'
NO_REPLY_EMAIL = 'noreply@localhost'
SUPPORT_EMAIL = 'root@localhost'
SMTP_SERVER = ('127.0.0.1', 25)
CONF
export INDICO_CONFIG="$DATA/indico.conf"
# Its own database, with the extensions Indico needs.
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
psql "$PG/$DB" -qc "CREATE EXTENSION unaccent" -c "CREATE EXTENSION pg_trgm"
"$VENV/bin/indico" db prepare
# One user and one public event in the root category (public by default).
"$VENV/bin/indico" shell <<'PY'
from datetime import datetime, timedelta, timezone
from indico.core.db import db
from indico.modules.categories import Category
from indico.modules.events import Event
from indico.modules.events.models.events import EventType
from indico.modules.users import User
user = User(first_name="Bench", last_name="User", email="bench@example.org")
db.session.add(user)
start = datetime(2027, 6, 1, 9, tzinfo=timezone.utc)
event = Event(category=Category.get_root(), title="SCO Council of Heads of State",
              start_dt=start, end_dt=start + timedelta(days=2), timezone="UTC",
              type_=EventType.meeting, creator=user, description="Summit")
db.session.add(event)
db.session.commit()
print("EVENT", event.id)
PY
"$VENV/bin/gunicorn" "indico.web.flask.app:make_app()" --bind "127.0.0.1:$PORT" --workers 2 \
  --worker-class sync --log-level warning --daemon --pid "$DATA/gunicorn.pid" \
  --error-logfile "$DATA/log/gunicorn.log"
for _ in $(seq 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/event/1/event.ics" && break
  sleep 2
done
curl -sf -o /dev/null -w "event.ics: %{http_code}\n" "http://127.0.0.1:$PORT/event/1/event.ics"
echo "INDICO http://127.0.0.1:$PORT"
