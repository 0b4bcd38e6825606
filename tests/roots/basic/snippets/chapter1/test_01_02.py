# %%
assert words == ["가", "나"]
