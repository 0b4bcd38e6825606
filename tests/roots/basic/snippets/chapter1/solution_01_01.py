# %%
answer = 6 * 7
print("result:", answer)
