package dev.speechmeter.sample.jobs;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.sample.audio.WavInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The files each project uploaded, in this server's memory, at most {@value #MAX_PER_PROJECT} a
 * project. A project sees only its own: another's id is not found.
 */
@ApplicationScoped
public class AudioFiles {

    static final int MAX_PER_PROJECT = 1_000;

    private final Map<UUID, NavigableMap<UUID, AudioFile>> byProject = new ConcurrentHashMap<>();

    AudioFile add(UUID id, UUID project, String filename, long size, Instant createdAt, String clientReferenceId,
                  WavInfo wav) {
        NavigableMap<UUID, AudioFile> files = files(project);
        synchronized (files) {
            if (files.size() >= MAX_PER_PROJECT) {
                throw new InvalidRequestException("body.file", "file_limit_reached", "The project has "
                        + MAX_PER_PROJECT + " files; delete some before uploading more.");
            }
            AudioFile file = new AudioFile(id, project, filename, size, createdAt, clientReferenceId, wav);
            files.put(id, file);
            return file;
        }
    }

    Optional<AudioFile> find(UUID project, UUID id) {
        return Optional.ofNullable(files(project).get(id));
    }

    boolean delete(UUID project, UUID id) {
        return files(project).remove(id) != null;
    }

    Pages.Page<AudioFile> page(UUID project, Integer limit, String cursor) {
        return Pages.of(files(project), limit, cursor, file -> true);
    }

    private NavigableMap<UUID, AudioFile> files(UUID project) {
        return byProject.computeIfAbsent(project, key -> new ConcurrentSkipListMap<>());
    }
}
