-- docbuild's DOCX filter: the images a Word file must embed.
--
-- pandoc runs with --sandbox, so its writer may read no file but those on its command line;
-- a DOCX needs the image bytes. docbuild has checked each image (inside the paper folder,
-- present, not too large) and lists them in `docbuild-images` (path -> MIME type); this
-- filter reads exactly those and puts them in pandoc's media bag.

function Meta(meta)
  local images = meta['docbuild-images'] or {}
  for path, mime in pairs(images) do
    local f = io.open(path, 'rb')
    if f then
      local contents = f:read('a')
      f:close()
      pandoc.mediabag.insert(path, pandoc.utils.stringify(mime), contents)
    end
  end
  meta['docbuild-images'] = nil
  return meta
end
