package io.sinal.apps.uploads;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of uploads, run by {@link UploadService} inside the store's units of work; portable
 * across H2 and PostgreSQL. Every change of a file is a conditional update of its row that also
 * takes the next {@code seq}: of a worker's step and a cancel racing for one file exactly one
 * applies first, and each event gets a number no other event of the file has.
 */
final class UploadRepository {
  private UploadRepository() {}

  static void insertBatch(Handle h, String id, Instant now) {
    h.createUpdate("INSERT INTO upload_batch (id, created_at) VALUES (:id, :now)")
        .bind("id", id)
        .bind("now", now)
        .execute();
  }

  static boolean batchExists(Handle h, String id) {
    return h.createQuery("SELECT COUNT(*) FROM upload_batch WHERE id = :id")
            .bind("id", id)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /**
   * Batches past the retention, oldest first: created before {@code cutoff}, every file finished,
   * and none changed since. A batch still in work is never one, however old.
   */
  static List<String> expired(Handle h, Instant cutoff, int limit) {
    return h.createQuery(
            "SELECT id FROM upload_batch b WHERE created_at < :cutoff AND NOT EXISTS"
                + " (SELECT 1 FROM upload_file f WHERE f.batch_id = b.id"
                + " AND (f.changed_at >= :cutoff OR f.state IN ('received', 'processing')))"
                + " ORDER BY created_at LIMIT :limit")
        .bind("cutoff", cutoff)
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }

  /** Deletes the batches' rows, events and variants first (their keys point at the files). */
  static void deleteBatches(Handle h, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    for (String table : List.of("upload_event", "upload_variant", "upload_file")) {
      h.createUpdate("DELETE FROM " + table + " WHERE batch_id IN (<ids>)")
          .bindList("ids", ids)
          .execute();
    }
    h.createUpdate("DELETE FROM upload_batch WHERE id IN (<ids>)").bindList("ids", ids).execute();
  }

  /** Which of {@code ids} are batches in the store. */
  static Set<String> stored(Handle h, List<String> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    return Set.copyOf(
        h.createQuery("SELECT id FROM upload_batch WHERE id IN (<ids>)")
            .bindList("ids", ids)
            .mapTo(String.class)
            .list());
  }

  /** A new file with its first event (seq 1): received, or failed on arrival. */
  static JsonObject insertFile(Handle h, String batch, Arrival a, Instant now) {
    h.createUpdate(
            "INSERT INTO upload_file (batch_id, id, name, bytes, format, state, reason_code, reason,"
                + " cancel_requested, seq, changed_at)"
                + " VALUES (:batch, :id, :name, :bytes, :format, :state, :reasonCode, :reason, FALSE, 1, :now)")
        .bind("batch", batch)
        .bind("id", a.id())
        .bind("name", a.name())
        .bind("bytes", a.bytes())
        .bind("format", a.format() == null ? null : a.format().wire())
        .bind("state", (a.failure() == null ? FileState.RECEIVED : FileState.FAILED).wire())
        .bind("reasonCode", a.failure() == null ? null : a.failure().reason().wire())
        .bind("reason", a.failure() == null ? null : a.failure().getMessage())
        .bind("now", now)
        .execute();
    Event first =
        a.failure() == null
            ? Event.received(a.name(), a.bytes(), a.format())
            : Event.failed(a.failure(), a.name(), a.bytes());
    return insertEvent(h, batch, a.id(), 1, first);
  }

  /**
   * {@code from → to}, taking the next seq; with {@code unlessCancelRequested}, not when a cancel
   * is pending. False when the file was not in {@code from} (or a cancel is pending).
   */
  static boolean advance(
      Handle h,
      String batch,
      int file,
      FileState from,
      FileState to,
      boolean unlessCancelRequested,
      Instant now) {
    return h.createUpdate(
                "UPDATE upload_file SET state = :to, seq = seq + 1, changed_at = :now"
                    + " WHERE batch_id = :batch AND id = :file AND state = :from"
                    + (unlessCancelRequested ? " AND cancel_requested = FALSE" : ""))
            .bind("to", to.wire())
            .bind("from", from.wire())
            .bind("now", now)
            .bind("batch", batch)
            .bind("file", file)
            .execute()
        == 1;
  }

  /**
   * Marks a processing file to stop at its next step. False when it is not processing or already
   * marked.
   */
  static boolean requestCancel(Handle h, String batch, int file) {
    return h.createUpdate(
                "UPDATE upload_file SET cancel_requested = TRUE"
                    + " WHERE batch_id = :batch AND id = :file AND state = 'processing' AND cancel_requested = FALSE")
            .bind("batch", batch)
            .bind("file", file)
            .execute()
        == 1;
  }

  static void setReason(Handle h, String batch, int file, Rejected rejected) {
    h.createUpdate(
            "UPDATE upload_file SET reason_code = :code, reason = :reason WHERE batch_id = :batch AND id = :file")
        .bind("code", rejected.reason().wire())
        .bind("reason", rejected.getMessage())
        .bind("batch", batch)
        .bind("file", file)
        .execute();
  }

  static void setSize(Handle h, String batch, int file, int width, int height) {
    h.createUpdate(
            "UPDATE upload_file SET width = :w, height = :h WHERE batch_id = :batch AND id = :file")
        .bind("w", width)
        .bind("h", height)
        .bind("batch", batch)
        .bind("file", file)
        .execute();
  }

  /** A file's state and the format it was received as (null when it failed on arrival). */
  record Stored(FileState state, ImageFormat format) {}

  static Optional<Stored> find(Handle h, String batch, int file) {
    return h.createQuery(
            "SELECT state, format FROM upload_file WHERE batch_id = :batch AND id = :file")
        .bind("batch", batch)
        .bind("file", file)
        .map(
            (rs, ctx) ->
                new Stored(
                    FileState.ofWire(rs.getString("state")),
                    rs.getString("format") == null
                        ? null
                        : ImageFormat.valueOf(rs.getString("format").toUpperCase())))
        .findOne();
  }

  /** Records {@code event} under the seq the last {@link #advance} took. */
  static JsonObject recordEvent(Handle h, String batch, int file, Event event) {
    int seq =
        h.createQuery("SELECT seq FROM upload_file WHERE batch_id = :batch AND id = :file")
            .bind("batch", batch)
            .bind("file", file)
            .mapTo(Integer.class)
            .one();
    return insertEvent(h, batch, file, seq, event);
  }

  private static JsonObject insertEvent(Handle h, String batch, int file, int seq, Event event) {
    JsonObject json = event.toJson(file, seq);
    h.createUpdate(
            "INSERT INTO upload_event (batch_id, file_id, seq, stage, data) VALUES (:batch, :file, :seq, :stage, :data)")
        .bind("batch", batch)
        .bind("file", file)
        .bind("seq", seq)
        .bind("stage", event.stage())
        .bind("data", json.encode())
        .execute();
    return json;
  }

  static void insertVariant(
      Handle h, String batch, int file, Variant variant, int width, int height, long bytes) {
    h.createUpdate(
            "INSERT INTO upload_variant (batch_id, file_id, name, width, height, bytes)"
                + " VALUES (:batch, :file, :name, :width, :height, :bytes)")
        .bind("batch", batch)
        .bind("file", file)
        .bind("name", variant.fileName())
        .bind("width", width)
        .bind("height", height)
        .bind("bytes", bytes)
        .execute();
  }

  static void deleteVariants(Handle h, String batch, int file) {
    h.createUpdate("DELETE FROM upload_variant WHERE batch_id = :batch AND file_id = :file")
        .bind("batch", batch)
        .bind("file", file)
        .execute();
  }

  static boolean variantExists(Handle h, String batch, int file, String name) {
    return h.createQuery(
                "SELECT COUNT(*) FROM upload_variant WHERE batch_id = :batch AND file_id = :file AND name = :name")
            .bind("batch", batch)
            .bind("file", file)
            .bind("name", name)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /**
   * Files a stopped server left unfinished: processing ones go back to received, without the
   * variants they had recorded, to start again.
   */
  static List<FileRef> requeue(Handle h) {
    h.createUpdate(
            "DELETE FROM upload_variant WHERE EXISTS (SELECT 1 FROM upload_file"
                + " WHERE upload_file.batch_id = upload_variant.batch_id AND upload_file.id = upload_variant.file_id"
                + " AND upload_file.state = 'processing')")
        .execute();
    h.createUpdate("UPDATE upload_file SET state = 'received' WHERE state = 'processing'")
        .execute();
    return h.createQuery(
            "SELECT batch_id, id FROM upload_file WHERE state = 'received' ORDER BY changed_at, batch_id, id")
        .map((rs, ctx) -> new FileRef(rs.getString("batch_id"), rs.getInt("id")))
        .list();
  }

  private record StoredVariant(int file, Variant variant, JsonObject json) {}

  /**
   * Every file of the batch with its variants and events, as {@code GET /uploads/<batch>} answers.
   */
  static JsonArray files(Handle h, String batch) {
    Map<Integer, JsonObject> files = new LinkedHashMap<>();
    h.createQuery(
            "SELECT id, name, bytes, format, width, height, state, reason_code, reason, cancel_requested, seq"
                + " FROM upload_file WHERE batch_id = :batch ORDER BY id")
        .bind("batch", batch)
        .map(
            (rs, ctx) ->
                new JsonObject()
                    .put("id", rs.getInt("id"))
                    .put("name", rs.getString("name"))
                    .put("bytes", rs.getLong("bytes"))
                    .put("format", rs.getString("format"))
                    .put("width", (Integer) rs.getObject("width"))
                    .put("height", (Integer) rs.getObject("height"))
                    .put("state", rs.getString("state"))
                    .put("reason_code", rs.getString("reason_code"))
                    .put("reason", rs.getString("reason"))
                    .put("cancel_requested", rs.getBoolean("cancel_requested"))
                    .put("seq", rs.getInt("seq"))
                    .put("variants", new JsonArray())
                    .put("events", new JsonArray()))
        .forEach(f -> files.put(f.getInteger("id"), f));
    h
        .createQuery(
            "SELECT file_id, name, width, height, bytes FROM upload_variant WHERE batch_id = :batch")
        .bind("batch", batch)
        .map(
            (rs, ctx) -> {
              Variant v = Variant.ofFileName(rs.getString("name"));
              return new StoredVariant(
                  rs.getInt("file_id"),
                  v,
                  Event.variantJson(
                      batch,
                      rs.getInt("file_id"),
                      v.fileName(),
                      v.format(),
                      rs.getInt("width"),
                      rs.getInt("height"),
                      rs.getLong("bytes")));
            })
        .list()
        .stream()
        .sorted(Comparator.comparing(StoredVariant::file).thenComparing(StoredVariant::variant))
        .forEach(v -> files.get(v.file()).getJsonArray("variants").add(v.json()));
    h.createQuery(
            "SELECT file_id, data FROM upload_event WHERE batch_id = :batch ORDER BY file_id, seq")
        .bind("batch", batch)
        .map((rs, ctx) -> Map.entry(rs.getInt("file_id"), new JsonObject(rs.getString("data"))))
        .forEach(e -> files.get(e.getKey()).getJsonArray("events").add(e.getValue()));
    return new JsonArray(List.copyOf(files.values()));
  }
}
