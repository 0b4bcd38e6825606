# %%
assert total == 43
